/**
 * Memory-leak detection from heap samples: a least-squares line through the
 * heap's floor (the lowest sample of each slice of the window, i.e. what is
 * left after garbage collection). A leak raises the floor steadily; a healthy
 * heap saws up and down around a level floor.
 *
 * @module
 */

/** One heap measurement. */
export interface HeapSample {
  /** Epoch ms. */
  at: number;
  /** Heap used, bytes. */
  bytes: number;
}

/** A least-squares line `y = intercept + slope * x` and how well it fits. */
export interface LinearFit {
  slope: number;
  intercept: number;
  /** Coefficient of determination, 0..1; 1 when every point is on the line. */
  r2: number;
  n: number;
}

/**
 * Ordinary least squares over points. `null` with fewer than two points or
 * when every x is the same. A perfectly flat series fits with `r2` 1.
 *
 * @example
 * ```ts
 * linearFit([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }]); // { slope: 2, intercept: 1, r2: 1, n: 3 }
 * ```
 */
export function linearFit(points: readonly { x: number; y: number }[]): LinearFit | null {
  const n = points.length;
  if (n < 2) return null;
  // Centred sums: epoch-ms x values squared would lose precision otherwise.
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let sxx = 0, sxy = 0, syy = 0;
  for (const p of points) {
    const dx = p.x - mx, dy = p.y - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept: my - slope * mx, r2, n };
}

/** Thresholds of {@linkcode heapTrend}. */
export interface HeapTrendOptions {
  /** How far back to look, ms. */
  windowMs: number;
  /** Slices of the window whose minimum forms the floor. */
  slices: number;
  /** Floor growth, bytes per second, at or above which the heap counts as growing. */
  minSlopeBytesPerSecond: number;
  /** Fit quality (R²) at or above which the growth counts as steady. */
  minR2: number;
  /** Share of slices (0..1) that must hold a sample: no verdict on thin data. */
  minCoverage: number;
}

/**
 * Defaults: 30 minutes in 15 slices; 16 KiB/s (~56 MiB an hour) with R² ≥ 0.8.
 *
 * @example
 * ```ts
 * const options = { ...defaultHeapTrendOptions, windowMs: 10 * 60_000 };
 * ```
 */
export const defaultHeapTrendOptions: HeapTrendOptions = {
  windowMs: 30 * 60_000,
  slices: 15,
  minSlopeBytesPerSecond: 16 * 1024,
  minR2: 0.8,
  minCoverage: 0.8,
};

/** The verdict on one heap series. */
export interface HeapTrend {
  /** Floor growth, bytes per second (negative when shrinking). */
  slopeBytesPerSecond: number;
  r2: number;
  /** Floor points used (one per slice holding a sample). */
  points: number;
  /** Growing steadily above the threshold: a probable leak. */
  growing: boolean;
}

/**
 * Judges the samples within the window ending at `now`. `null` when too few
 * slices hold a sample to say anything.
 *
 * @example
 * ```ts
 * const samples = Array.from({ length: 120 }, (_, i) => ({ at: i * 15_000, bytes: 50e6 + i * 1e6 }));
 * heapTrend(samples, 119 * 15_000, defaultHeapTrendOptions)?.growing; // true
 * ```
 */
export function heapTrend(
  samples: readonly HeapSample[],
  now: number,
  options: HeapTrendOptions = defaultHeapTrendOptions,
): HeapTrend | null {
  const { windowMs, slices } = options;
  const start = now - windowMs;
  const width = windowMs / slices;
  const floors: ({ x: number; y: number } | undefined)[] = new Array(slices);
  for (const s of samples) {
    if (s.at < start || s.at > now) continue;
    const i = Math.min(slices - 1, Math.floor((s.at - start) / width));
    const f = floors[i];
    if (!f || s.bytes < f.y) floors[i] = { x: s.at / 1000, y: s.bytes };
  }
  const points = floors.filter((f) => f !== undefined);
  if (points.length < Math.max(2, Math.ceil(options.minCoverage * slices))) return null;
  const fit = linearFit(points);
  if (!fit) return null;
  return {
    slopeBytesPerSecond: fit.slope,
    r2: fit.r2,
    points: fit.n,
    growing: fit.slope >= options.minSlopeBytesPerSecond && fit.r2 >= options.minR2,
  };
}
