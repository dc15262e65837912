/**
 * The two substitutions alert annotations need — `{{ $labels.name }}` and
 * `{{ $value }}` — without a template engine.
 *
 * @module
 */
import type { Labels } from "../model.ts";

const PLACEHOLDER = /\{\{\s*\$(?:labels\.([A-Za-z_][A-Za-z0-9_]*)|(value))\s*\}\}/g;

/**
 * A value as people read it: integers exactly, others to two decimals (or
 * three significant digits below 1), so a template does not print
 * `93.33333333333333`.
 *
 * @example
 * ```ts
 * formatValue(93.333333); // "93.33"
 * formatValue(0.000123);  // "0.000123"
 * ```
 */
export function formatValue(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  return String(Math.abs(value) >= 1 ? Number(value.toFixed(2)) : Number(value.toPrecision(3)));
}

/**
 * Fills `{{ $labels.x }}` (empty when the label is absent) and `{{ $value }}`;
 * anything else is left as written.
 *
 * @example
 * ```ts
 * renderTemplate("{{ $labels.actor }} restarted {{ $value }} times", { actor: "analyzer" }, 3);
 * // "analyzer restarted 3 times"
 * ```
 */
export function renderTemplate(template: string, labels: Labels, value: number): string {
  if (!template.includes("{{")) return template;
  return template.replace(
    PLACEHOLDER,
    (_, label: string | undefined) =>
      label === undefined ? formatValue(value) : labels[label] ?? "",
  );
}

/**
 * A duration as a short phrase for annotations: `90s`, `5m`, `1h`, `1h30m`.
 *
 * @example
 * ```ts
 * formatDuration(3_600_000); // "1h"
 * ```
 */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60), m = minutes % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h${m}m`;
}
