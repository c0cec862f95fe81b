// Turns the story's day numbers into instants for a given end date, and spreads contacts over the
// 90 days the way a retailer's arrive: busy weekday mornings, quiet nights, a slow growth, and a
// surge during the carrier disruption.
import { DEMO_DAYS, DISRUPTION, RELEASES, type Release } from "./story";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

// UTC hour of day (the retailer is on Central European Time) and weekday (0 = Sunday).
const HOUR_FACTOR = [0.12, 0.08, 0.06, 0.06, 0.08, 0.2, 0.5, 0.85, 1.15, 1.3, 1.3, 1.25, 1.2, 1.15, 1.15, 1.1, 1.1, 1.05, 1.1, 1.15, 1.0, 0.7, 0.45, 0.25];
const WEEKDAY_FACTOR = [0.75, 1.25, 1.12, 1.02, 1.0, 0.95, 0.7];

export interface AiRelease extends Release {
  /** `cx-agent/YYYY.MM` of the release date: what the AI-version filter shows. */
  name: string;
  from: number;
}

export class Timeline {
  readonly start: number;
  readonly end: number;
  readonly releases: AiRelease[];
  private readonly cumulative: Float64Array;

  constructor(endDate: Date) {
    this.end = endDate.getTime();
    if (!Number.isFinite(this.end)) throw new Error("endDate is not a valid date");
    this.start = this.end - DEMO_DAYS * DAY;
    this.releases = nameReleases(this.start);
    const hours = DEMO_DAYS * 24;
    this.cumulative = new Float64Array(hours + 1);
    for (let h = 0; h < hours; h++) {
      const at = new Date(this.start + h * HOUR);
      const day = h / 24;
      const surge = day >= DISRUPTION.from && day < DISRUPTION.to ? DISRUPTION.volumeFactor : 1;
      const weight = HOUR_FACTOR[at.getUTCHours()] * WEEKDAY_FACTOR[at.getUTCDay()] * (0.85 + 0.3 * (day / DEMO_DAYS)) * surge;
      this.cumulative[h + 1] = this.cumulative[h] + weight;
    }
  }

  /** Fractional day number of an instant (0 at the start of the window). */
  day(t: number): number {
    return (t - this.start) / DAY;
  }

  at(day: number): number {
    return this.start + day * DAY;
  }

  /** The instant by which a fraction `f` (0..1) of all contacts has arrived. */
  warp(f: number): number {
    const total = this.cumulative[this.cumulative.length - 1];
    const target = Math.min(Math.max(f, 0), 1) * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] <= target) lo = mid;
      else hi = mid;
    }
    const span = this.cumulative[hi] - this.cumulative[lo];
    const within = span > 0 ? (target - this.cumulative[lo]) / span : 0;
    return Math.min(this.start + (lo + within) * HOUR, this.end - 1);
  }

  releaseAt(t: number): AiRelease {
    let found = this.releases[0];
    for (const r of this.releases) if (r.from <= t) found = r;
    return found;
  }
}

function nameReleases(start: number): AiRelease[] {
  const used = new Set<string>();
  return RELEASES.map((release) => {
    const from = start + release.day * DAY;
    const d = new Date(from);
    const base = `cx-agent/${d.getUTCFullYear()}.${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
    let name = base;
    for (let n = 1; used.has(name); n++) name = `${base}.${n}`;
    used.add(name);
    return { ...release, name, from };
  });
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `Tue 14 Oct`, as an agent writes a date to a customer. */
export function shortDate(t: number): string {
  const d = new Date(t);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}
