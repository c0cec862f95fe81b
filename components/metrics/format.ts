// How KPI values read on the dashboards: percentages with one decimal, changes in percentage points,
// durations in the unit that fits, and "—" (never 0) when nothing was measured.

export const NONE = "—";

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? NONE : `${(value * 100).toFixed(digits)}%`;
}

const integer = new Intl.NumberFormat("en-GB");
export const count = (n: number) => integer.format(n);

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return NONE;
  if (seconds < 90) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < 90 * 60) return `${(seconds / 60).toFixed(seconds < 600 ? 1 : 0)} min`;
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

/** "3 Mar" for a bucket that starts at a UTC midnight; the date and time otherwise. */
export function bucketLabel(iso: string): string {
  const d = new Date(iso);
  const day = d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  return iso.endsWith("T00:00:00Z") ? day : `${day} ${d.toISOString().slice(11, 16)}`;
}

export const shortDateTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
export const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function money(amount: string | null, currency: string | null): string {
  if (amount === null || currency === null) return NONE;
  return new Intl.NumberFormat("en-GB", { style: "currency", currency, maximumFractionDigits: 2 }).format(Number(amount));
}
