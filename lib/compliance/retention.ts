// The retention in force (docs/retention.md). Warrant never deletes ledger rows: removal of data older
// than the retention period is designed as detaching whole monthly partitions after a signed
// checkpoint, which is not built yet (the events table is not partitioned). This module only says what
// the rule is and which months it would allow removing, so the page and the report can state it.

export const MIN_RETENTION_MONTHS = 6;

export interface Retention {
  months: number;
  /** Nothing that happened on or after this instant may ever be removed (first day of a UTC month). */
  keepFrom: Date;
  /** The oldest entry still stored, if any. */
  oldest: Date | null;
  /** Whole UTC months, oldest first, that lie entirely before keepFrom and still hold entries. */
  removableMonths: string[];
  removalImplemented: false;
}

/** First day (UTC) of the month `months` whole months before the one containing `now`. */
export function keepFrom(now: Date, months: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
}

export function retentionOf(months: number, now: Date, oldest: Date | null): Retention {
  if (!Number.isInteger(months) || months < MIN_RETENTION_MONTHS) throw new RangeError(`retention must be at least ${MIN_RETENTION_MONTHS} whole months, got ${months}`);
  const floor = keepFrom(now, months);
  const removableMonths: string[] = [];
  if (oldest && oldest < floor) {
    for (let m = new Date(Date.UTC(oldest.getUTCFullYear(), oldest.getUTCMonth(), 1)); m < floor; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) {
      removableMonths.push(m.toISOString().slice(0, 7));
    }
  }
  return { months, keepFrom: floor, oldest, removableMonths, removalImplemented: false };
}
