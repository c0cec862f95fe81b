// The period a regulator's report covers. A report states what happened: a period that has not begun
// has nothing to state and is refused, and one that has not ended is cut at the moment of generation
// and says so, so a partial month is never presented as a complete one.
import { z } from "zod";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** ?month=2026-10, or ?from=2026-10-01&to=2026-11-01 (UTC days, `to` exclusive). */
export const reportQuerySchema = z
  .strictObject({
    workspace: z.string().max(64).optional(),
    month: z.string().regex(MONTH, "a month, 2026-10").optional(),
    from: z.string().regex(DAY, "a date, 2026-10-01").optional(),
    to: z.string().regex(DAY, "a date, 2026-11-01").optional(),
  })
  .superRefine((q, ctx) => {
    if (!q.month && !(q.from && q.to)) ctx.addIssue({ code: "custom", path: ["month"], message: "give a month, or from and to" });
    if (q.month && (q.from || q.to)) ctx.addIssue({ code: "custom", path: ["month"], message: "give a month or from and to, not both" });
    if (q.from && q.to && q.from >= q.to) ctx.addIssue({ code: "custom", path: ["from"], message: "must be before to" });
  })
  .transform((q): AskedPeriod => {
    if (q.month) {
      const [y, m] = q.month.split("-").map(Number);
      return { workspace: q.workspace, by: "month", from: new Date(Date.UTC(y, m - 1, 1)), to: new Date(Date.UTC(y, m, 1)) };
    }
    return { workspace: q.workspace, by: "range", from: new Date(`${q.from}T00:00:00Z`), to: new Date(`${q.to}T00:00:00Z`) };
  });

/** The period as asked: a calendar month, or a range of UTC days; `to` exclusive. */
export interface AskedPeriod {
  workspace?: string;
  by: "month" | "range";
  from: Date;
  to: Date;
}

/** The period a report covers. */
export interface ReportPeriod {
  by: "month" | "range";
  from: Date;
  /** Exclusive: the end asked for, or the moment of generation when the period had not ended by then. */
  to: Date;
  /** The end asked for (exclusive). */
  askedTo: Date;
  /** The period had not ended when the report was generated: it covers up to `to`, the moment of generation. */
  inProgress: boolean;
}

/** A period no report can be made for; `field` names the query parameter at fault. */
export class ReportRefusal extends Error {
  override name = "ReportRefusal";
  static is(error: unknown): error is ReportRefusal {
    return error instanceof Error && error.name === "ReportRefusal";
  }
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const minute = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * What a report asked for at `now` covers: the period itself once it has ended; up to `now` while it is
 * in progress; refused when it starts at or after `now` (nothing in it has happened yet).
 */
export function reportPeriod(asked: Pick<AskedPeriod, "by" | "from" | "to">, now: Date): ReportPeriod {
  if (asked.from.getTime() >= now.getTime()) {
    const what = asked.by === "month" ? "this month" : "this period";
    throw new ReportRefusal(
      `${what} starts on ${day.format(asked.from)}, after the time of the request (${minute(now)}); a report can only cover what has already happened`,
      asked.by === "month" ? "month" : "from",
    );
  }
  const inProgress = asked.to.getTime() > now.getTime();
  return { by: asked.by, from: asked.from, to: inProgress ? now : asked.to, askedTo: asked.to, inProgress };
}

/** `warrant-<workspace>-report-<from>_<to>.pdf`, UTC days, `to` exclusive (the day of generation while in progress). */
export function reportFilename(workspaceId: string, period: ReportPeriod): string {
  return `warrant-${workspaceId}-report-${period.from.toISOString().slice(0, 10)}_${period.to.toISOString().slice(0, 10)}.pdf`;
}
