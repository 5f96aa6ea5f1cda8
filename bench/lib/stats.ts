export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** subject / baseline, rounded; null when either side is missing or the baseline is zero. */
export function ratio(subject: number | null | undefined, baseline: number | null | undefined): number | null {
  if (subject == null || baseline == null || !Number.isFinite(subject) || !Number.isFinite(baseline) || baseline === 0) return null;
  return round(subject / baseline, 3);
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
