import { describe, expect, it } from "vitest";
import { reportFilename, reportPeriod, reportQuerySchema, ReportRefusal } from "./report-period";

const NOW = new Date("2026-12-07T10:32:00Z");
const month = (m: string) => reportPeriod(reportQuerySchema.parse({ month: m }), NOW);
const refusal = (fn: () => unknown): ReportRefusal => {
  try {
    fn();
  } catch (error) {
    if (ReportRefusal.is(error)) return error;
    throw error;
  }
  throw new Error("not refused");
};

describe("the report's query", () => {
  it("is a month or two days, UTC, the end exclusive", () => {
    expect(reportQuerySchema.parse({ month: "2026-10" })).toMatchObject({ by: "month", from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-11-01T00:00:00Z") });
    expect(reportQuerySchema.parse({ month: "2026-12" }).to).toEqual(new Date("2027-01-01T00:00:00Z"));
    expect(reportQuerySchema.parse({ from: "2026-10-02", to: "2026-10-09" })).toMatchObject({ by: "range", from: new Date("2026-10-02T00:00:00Z") });
    expect(reportQuerySchema.safeParse({ month: "2026-13" }).success).toBe(false);
    expect(reportQuerySchema.safeParse({}).success).toBe(false);
    expect(reportQuerySchema.safeParse({ from: "2026-10-02", to: "2026-10-01" }).success).toBe(false);
  });
});

describe("the period a report covers", () => {
  it("is the whole month once the month has ended", () => {
    expect(month("2026-11")).toEqual({
      by: "month",
      from: new Date("2026-11-01T00:00:00Z"),
      to: new Date("2026-12-01T00:00:00Z"),
      askedTo: new Date("2026-12-01T00:00:00Z"),
      inProgress: false,
    });
  });

  it("ends at the time of generation, marked in progress, while the month has not ended", () => {
    expect(month("2026-12")).toEqual({
      by: "month",
      from: new Date("2026-12-01T00:00:00Z"),
      to: NOW,
      askedTo: new Date("2027-01-01T00:00:00Z"),
      inProgress: true,
    });
    expect(reportFilename("acme", month("2026-12"))).toBe("warrant-acme-report-2026-12-01_2026-12-07.pdf");
  });

  it("is complete when generated at the very instant the period ends", () => {
    expect(reportPeriod(reportQuerySchema.parse({ month: "2026-11" }), new Date("2026-12-01T00:00:00Z")).inProgress).toBe(false);
  });

  it("refuses a month that starts in the future, naming the month field and why", () => {
    const error = refusal(() => month("2027-06"));
    expect(error.field).toBe("month");
    expect(error.message).toBe(
      "this month starts on 1 June 2027, after the time of the request (2026-12-07 10:32 UTC); a report can only cover what has already happened",
    );
  });

  it("refuses a range that starts now or later, naming the from field", () => {
    const later = refusal(() => reportPeriod(reportQuerySchema.parse({ from: "2026-12-08", to: "2026-12-20" }), NOW));
    expect(later.field).toBe("from");
    expect(later.message).toMatch(/^this period starts on 8 December 2026, after the time of the request/);
    expect(refusal(() => reportPeriod(reportQuerySchema.parse({ from: "2026-12-07", to: "2026-12-20" }), new Date("2026-12-07T00:00:00Z"))).field).toBe("from");
    // Started earlier today: in progress, not refused.
    expect(reportPeriod(reportQuerySchema.parse({ from: "2026-12-07", to: "2026-12-20" }), NOW)).toMatchObject({ to: NOW, inProgress: true });
  });
});
