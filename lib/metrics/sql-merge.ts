// Adds up the counts of one grouping read in two parts — the whole days from the daily rollups and the
// days a range edge cuts from the rows (lib/metrics/sql.ts) — group by group. Every count is additive;
// money sums are exact decimals, added exactly; the percentiles are not, and are read separately.
import type { BandCounts, DecisionCounts, HandoffCounts, MoneyCounts } from "./sql-actions";
import type { CaseCounts } from "./sql-cases";

export interface FamilyCounts {
  cases: CaseCounts[];
  decisions: DecisionCounts[];
  money: MoneyCounts[];
  bands: BandCounts[];
  handoffs: HandoffCounts[];
}

/** The two parts' counts added per group (and per currency, per band). */
export function mergeCounts(a: FamilyCounts, b: FamilyCounts): FamilyCounts {
  return {
    cases: mergeBy(a.cases, b.cases, (row) => keyString(row.key), addCases),
    decisions: mergeBy(a.decisions, b.decisions, (row) => keyString(row.key), addDecisions),
    money: mergeBy(a.money, b.money, (row) => `${keyString(row.key)}\u0000${row.currency}`, (x, y) => ({
      ...x,
      total: addDecimal(x.total, y.total),
      reversed: addDecimal(x.reversed, y.reversed),
    })),
    bands: mergeBy(a.bands, b.bands, (row) => `${keyString(row.key)}\u0000${row.band}`, (x, y) => ({
      ...x,
      count: x.count + y.count,
      correct: x.correct + y.correct,
      sum: x.sum + y.sum,
    })),
    handoffs: mergeBy(a.handoffs, b.handoffs, (row) => keyString(row.key), (x, y) => ({
      ...x,
      toHuman: x.toHuman + y.toHuman,
      withContext: x.withContext + y.withContext,
    })),
  };
}

const keyString = (key: string | null) => (key === null ? "\u0000null" : key);

function mergeBy<T>(a: T[], b: T[], keyOf: (row: T) => string, add: (x: T, y: T) => T): T[] {
  const merged = new Map(a.map((row) => [keyOf(row), row]));
  for (const row of b) {
    const existing = merged.get(keyOf(row));
    merged.set(keyOf(row), existing ? add(existing, row) : row);
  }
  return [...merged.values()];
}

/** Every number of two groups added, and every number of their nested records; `skip` fields keep x's. */
function addNumbers<T extends object>(x: T, y: T, skip: readonly (keyof T)[]): T {
  const sum = { ...x } as Record<string, unknown>;
  for (const [field, value] of Object.entries(x)) {
    if (skip.includes(field as keyof T)) continue;
    const other = (y as Record<string, unknown>)[field];
    if (typeof value === "number") sum[field] = value + (other as number);
    else if (value !== null && typeof value === "object") sum[field] = addNumbers(value, other as object, []);
  }
  return sum as T;
}

// The percentiles do not add up: the caller fills them in from a query over the whole range.
const addCases = (x: CaseCounts, y: CaseCounts) => addNumbers(x, y, ["ttrMedian", "ttrP90"]);
const addDecisions = (x: DecisionCounts, y: DecisionCounts) => addNumbers(x, y, ["reviewMedian", "reviewP90"]);

/** a + b for decimal strings as PostgreSQL's numeric prints them ("-12.50"), exactly. */
export function addDecimal(a: string, b: string): string {
  const [x, y] = [parseDecimal(a), parseDecimal(b)];
  const scale = Math.max(x.scale, y.scale);
  const total = x.units * 10n ** BigInt(scale - x.scale) + y.units * 10n ** BigInt(scale - y.scale);
  const digits = (total < 0n ? -total : total).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  return `${total < 0n ? "-" : ""}${whole}${scale > 0 ? `.${digits.slice(-scale)}` : ""}`;
}

function parseDecimal(text: string): { units: bigint; scale: number } {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${text}`);
  const [, sign, whole, fraction = ""] = match;
  const units = BigInt(whole + fraction);
  return { units: sign ? -units : units, scale: fraction.length };
}
