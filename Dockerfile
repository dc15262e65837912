# syntax=docker/dockerfile:1
#
# Crypto-Trade image. Two targets:
#
#   app       (default) the source on the official Deno image, dependencies
#             cached at build time:        docker build -t crypto-trade .
#   compiled  one `deno compile` binary on debian:bookworm-slim, no Deno
#             toolchain inside:            docker build --target compiled -t crypto-trade:bin .
#
# The Deno version is pinned here and must match the one .ci/run installs
# (tests/deploy_image_test.ts checks it).

# ---------------------------------------------------------------------------
# base: dependencies first, then the source, so that editing the source does
# not re-download the npm packages.
FROM denoland/deno:2.9.6 AS base

ENV DENO_NO_UPDATE_CHECK=1 \
    DENO_NO_PROMPT=1

WORKDIR /app
# WORKDIR creates /app owned by root; the app runs as the image's `deno` user
# (uid 1993) and `deno install` may rewrite deno.lock there.
RUN chown deno:deno /app
USER deno

# Only the manifests: this layer is rebuilt when a dependency changes, not when
# the code does. `deno install` caches every package of deno.json's import map
# in DENO_DIR (/deno-dir, owned by `deno` in the official image), checking the
# integrity hashes deno.lock already holds.
COPY --chown=deno:deno deno.json deno.lock ./
RUN deno install

COPY --chown=deno:deno . .
# The module graph of the entry point and of every actor module: workers and
# child processes load actors/<name>/mod.ts by URL, outside main.ts's static
# graph, and must not fetch anything when they start.
RUN deno cache main.ts $(ls actors/*/mod.ts 2>/dev/null)

# ---------------------------------------------------------------------------
# compile-build: `deno task compile` writes dist/crypto-trade. deno compile
# downloads the `denort` runtime for the target from Deno's release host, so
# this stage needs that host reachable (or DENORT_BIN pointing at a local
# denort of the same version, passed in with a build context of its own).
FROM base AS compile-build
RUN deno task compile

# ---------------------------------------------------------------------------
# compiled: the single binary. Built only on request (--target compiled).
# Actors run as workers here: isolation "process" spawns `deno run`, and there
# is no deno in this image.
FROM debian:bookworm-slim AS compiled

# tini reaps children and forwards SIGTERM: the binary must not be PID 1.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini ca-certificates \
  && rm -rf /var/lib/apt/lists/* \
  && useradd --uid 1993 --user-group --home-dir /app deno \
  && mkdir -p /app/data \
  && chown -R deno:deno /app

COPY --from=compile-build --chown=deno:deno /app/dist/crypto-trade /usr/local/bin/crypto-trade

WORKDIR /app
ENV LOG_FORMAT=json \
    CT_DATA_DIR=/app/data \
    CT_API_HOST=0.0.0.0 \
    PORT=8000
USER deno
VOLUME ["/app/data"]
EXPOSE 8000

# No curl and no deno here: bash's /dev/tcp sends the request, and the status
# line must say 200.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8000} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/crypto-trade"]

# ---------------------------------------------------------------------------
# app: the default target (the last stage).
FROM base AS app

# JSON lines for Loki; data (the embedded SQLite when DATABASE_URL is unset)
# in a volume; the API listens on every interface of the container, not only
# its loopback.
ENV LOG_FORMAT=json \
    CT_DATA_DIR=/app/data \
    CT_API_HOST=0.0.0.0 \
    PORT=8000
RUN mkdir -p /app/data
VOLUME ["/app/data"]
EXPOSE 8000

# The image has no curl: a deno eval asks /health on this process's own port
# (compose gives the collector another PORT) and fails on anything but 2xx,
# a refused connection or a 3 s stall.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["deno", "eval", "--no-config", "--no-lock", "const r = await fetch('http://127.0.0.1:' + (Deno.env.get('PORT') || '8000') + '/health', { signal: AbortSignal.timeout(3000) }); await r.body?.cancel(); Deno.exit(r.ok ? 0 : 1);"]

# The command of `deno task start` without its `--heart` (a test keeps the
# two equal), run without the task runner: one process fewer, and the app's
# own exit code (non-zero on escalation with CT_ON_ESCALATION=exit) is the
# container's, whose restart policy is the outer supervisor.
# The image's entrypoint (tini) forwards SIGTERM and reaps children.
CMD ["deno", "run", "--allow-all", "main.ts"]
