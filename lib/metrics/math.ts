// Arithmetic shared by the KPIs, written to give what the SQL implementation's PostgreSQL gives.
import type { Distribution, Ratio } from "./types";

/** numerator ÷ denominator, null when nothing was counted (never 0/0 = NaN, never a silent 0). */
export function ratio(numerator: number, denominator: number): Ratio {
  return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator };
}

/** Counts the items matching `isNumerator` among those matching `inDenominator`. */
export function countRatio<T>(items: readonly T[], inDenominator: (item: T) => boolean, isNumerator: (item: T) => boolean): Ratio {
  let numerator = 0;
  let denominator = 0;
  for (const item of items) {
    if (!inDenominator(item)) continue;
    denominator++;
    if (isNumerator(item)) numerator++;
  }
  return ratio(numerator, denominator);
}

/** PostgreSQL's percentile_cont: linear interpolation between the closest ranks of the sorted values. */
export function percentileCont(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const position = fraction * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower]!;
  const high = sorted[upper]!;
  return low + (position - lower) * (high - low);
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentileCont(sorted, 0.5), p90: percentileCont(sorted, 0.9), count: sorted.length };
}

/**
 * Amounts summed exactly in millionths of a unit (PostgreSQL sums `numeric` exactly; adding doubles
 * would drift in the last digits). Digits beyond the sixth decimal are rounded away.
 */
export const toMicroUnits = (value: number): bigint => BigInt(Math.round(value * 1e6));
export const fromMicroUnits = (micro: bigint): number => Number(micro) / 1e6;

/** Sums of micro-units as a ratio; like every ratio, value = numerator ÷ denominator of the reported numbers. */
export function moneyRatio(numerator: bigint, denominator: bigint): Ratio {
  return ratio(fromMicroUnits(numerator), fromMicroUnits(denominator));
}
