import { describe, expect, it } from "vitest";
import { dashboardQuery } from "./dashboard-query";

const now = new Date("2026-12-07T15:30:00Z");

describe("dashboardQuery: days of the range that have not happened yet", () => {
  it("counts none for the default range, which ends with today", () => {
    const dq = dashboardQuery({}, now);
    expect(dq.params.to).toBe("2026-12-08T00:00:00Z");
    expect(dq.todayEnd).toBe("2026-12-08T00:00:00Z");
    expect(dq.futureDays).toBe(0);
  });

  it("counts the days after today of a range that runs past it", () => {
    expect(dashboardQuery({ from: "2026-12-01", to: "2026-12-15" }, now).futureDays).toBe(7);
  });

  it("counts every day of a range that starts after today", () => {
    expect(dashboardQuery({ from: "2027-01-01", to: "2027-02-01" }, now).futureDays).toBe(31);
  });

  it("counts none for a range in the past", () => {
    expect(dashboardQuery({ from: "2025-03-01", to: "2025-03-31" }, now).futureDays).toBe(0);
  });

  it("counts a part of a day as a day", () => {
    expect(dashboardQuery({ from: "2026-12-01T00:00:00Z", to: "2026-12-08T06:00:00Z" }, now).futureDays).toBe(1);
  });
});
