// Instants as exact integers. Event timestamps carry offsets and up to nanosecond digits; PostgreSQL's
// timestamptz keeps microseconds, so the reference compares microseconds since the epoch as bigints
// (a JS Date would drop the sub-millisecond digits, and a double loses microseconds after 2255).

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2}))?$/;

export const MICROS_PER_SECOND = 1_000_000n;
export const MICROS_PER_DAY = 86_400n * MICROS_PER_SECOND;

/** Milliseconds since the epoch of a UTC calendar time; Date.UTC alone maps years 0–99 to 1900–1999. */
function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  return date.getTime();
}

/**
 * Microseconds since the epoch of an ISO-8601 instant as the event contract writes it
 * (`2025-03-11T09:14:05.250+01:00`), or of a date alone (`2025-03-11`, read as 00:00 UTC).
 * Digits beyond the microsecond are rounded, as PostgreSQL does on input.
 */
export function instant(iso: string): bigint {
  const match = DATETIME.exec(iso);
  if (!match) throw new RangeError(`not an ISO-8601 instant with a time zone: ${iso}`);
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zone = "Z"] = match;
  const millis = utcMillis(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
  const micros = fraction === "" ? 0 : Math.round(Number(`0.${fraction}`) * 1e6);
  const offsetMinutes =
    zone === "Z" ? 0 : (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return BigInt(millis) * 1000n + BigInt(micros) - BigInt(offsetMinutes) * 60n * MICROS_PER_SECOND;
}

/** True when the string is an instant `instant` reads. */
export function isInstant(iso: string): boolean {
  const match = DATETIME.exec(iso);
  if (!match) return false;
  // Reject calendar overflow (2025-02-30) that Date.UTC would silently roll over.
  const [, y, mo, d, h = "0", mi = "0", s = "0"] = match;
  const date = new Date(utcMillis(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)));
  return (
    date.getUTCMonth() + 1 === Number(mo) &&
    date.getUTCDate() === Number(d) &&
    date.getUTCHours() === Number(h) &&
    date.getUTCMinutes() === Number(mi) &&
    date.getUTCSeconds() === Number(s)
  );
}

/** The canonical UTC spelling of an instant: seconds always, then milli- or microseconds only when needed. */
export function formatInstant(micros: bigint): string {
  const sub = ((micros % 1000n) + 1000n) % 1000n;
  const millis = (micros - sub) / 1000n;
  const iso = new Date(Number(millis)).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const ms = iso.slice(20, 23);
  const base = iso.slice(0, 19);
  if (sub !== 0n) return `${base}.${ms}${String(sub).padStart(3, "0")}Z`;
  return ms === "000" ? `${base}Z` : `${base}.${ms}Z`;
}

/** Seconds between two instants, as a double (what `extract(epoch from b - a)` gives). */
export function secondsBetween(start: bigint, end: bigint): number {
  return Number(end - start) / 1e6;
}
