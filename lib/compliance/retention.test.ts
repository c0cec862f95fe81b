import { describe, expect, it } from "vitest";
import { loadEnv } from "@/lib/env";
import { keepFrom, retentionOf } from "./retention";

describe("retention", () => {
  it("keeps whole months: six months before November 2026 is 1 May 2026", () => {
    expect(keepFrom(new Date("2026-11-25T10:00:00Z"), 6).toISOString()).toBe("2026-05-01T00:00:00.000Z");
    expect(keepFrom(new Date("2026-03-01T00:00:00Z"), 6).toISOString()).toBe("2025-09-01T00:00:00.000Z");
  });

  it("lists the whole months older than the floor that still hold entries, and removes nothing", () => {
    const r = retentionOf(6, new Date("2026-11-25T10:00:00Z"), new Date("2026-02-14T08:00:00Z"));
    expect(r.removableMonths).toEqual(["2026-02", "2026-03", "2026-04"]);
    expect(r.removalImplemented).toBe(false);
    expect(retentionOf(12, new Date("2026-11-25T10:00:00Z"), new Date("2026-02-14T08:00:00Z")).removableMonths).toEqual([]);
    expect(retentionOf(6, new Date(), null).removableMonths).toEqual([]);
  });

  it("refuses less than six months, in code and in the environment", () => {
    expect(() => retentionOf(5, new Date(), null)).toThrow(/at least 6/);
    expect(loadEnv({} as NodeJS.ProcessEnv).WARRANT_RETENTION_MONTHS).toBe(6);
    expect(loadEnv({ WARRANT_RETENTION_MONTHS: "24" } as unknown as NodeJS.ProcessEnv).WARRANT_RETENTION_MONTHS).toBe(24);
    expect(() => loadEnv({ WARRANT_RETENTION_MONTHS: "3" } as unknown as NodeJS.ProcessEnv)).toThrow(/WARRANT_RETENTION_MONTHS: must be at least 6 months/);
  });
});
