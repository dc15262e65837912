/**
 * Hiding the secrets a URL can carry before it is logged, served or quoted
 * in an error: the one rule for configured URLs and for alert targets.
 *
 * @module
 */

const MASK = "***";

/**
 * A URL with every part that may be a secret replaced by `***`, keeping the
 * scheme, host and port so an operator can still tell which endpoint it is.
 *
 * Hidden: the password, or a username alone (then usually a token, as in
 * `redis://token@host`); the query string and fragment (`?token=…`,
 * PostgreSQL's `?password=…`); and the path of an `http(s)` URL, because
 * webhook services (Slack, Discord, Teams) put their token there. Other
 * schemes keep their path: it names a database or a Redis database index.
 * A value that does not parse as a URL is hidden whole; one with nothing to
 * hide is returned as it is.
 *
 * @example
 * ```ts
 * redactUrl("https://hooks.slack.com/services/T0/B0/XYZ"); // "https://hooks.slack.com/***"
 * redactUrl("https://u:pw@hooks.example:8443/in?token=abc"); // "https://u:***@hooks.example:8443/***?***"
 * redactUrl("postgres://u:pw@db:5432/ct"); // "postgres://u:***@db:5432/ct"
 * redactUrl("redis://token@cache:6379/2"); // "redis://***@cache:6379/2"
 * redactUrl("not a url"); // "***"
 * ```
 */
export function redactUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return MASK;
  }
  // An opaque URL (`smtp:user:pw@host`, no `//`) has no parts to keep apart.
  if (!url.pathname.startsWith("/") && !url.host) return `${url.protocol}${MASK}`;
  const clean = !url.username && !url.password && !url.search && !url.hash;
  const web = url.protocol === "http:" || url.protocol === "https:";
  // Nothing to hide: the value as configured, not as `URL` normalises it.
  if (clean && (!web || url.pathname === "/")) return value;
  if (url.password) url.password = MASK;
  else if (url.username) url.username = MASK;
  if (web && url.pathname !== "/") url.pathname = `/${MASK}`;
  if (url.search) url.search = MASK;
  if (url.hash) url.hash = MASK;
  return url.toString();
}
