import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { percentileCont } from "./math";
import { formatInstant, instant } from "./time";
import { metricsQuerySchema, resolveMetricsQuery } from "./types";

const now = new Date("2025-04-15T12:34:56.789Z");

describe("resolveMetricsQuery", () => {
  it("defaults to the last 30 days up to now and a 7-day came-back window", () => {
    expect(resolveMetricsQuery({}, now)).toEqual({
      from: "2025-03-16T12:34:56.789Z",
      to: "2025-04-15T12:34:56.789Z",
      filters: {},
      cameBackWindowDays: 7,
    });
  });

  it("takes 30 days before `to` when only `to` is given, and up to now when only `from` is", () => {
    expect(resolveMetricsQuery({ to: "2025-03-31" }, now)).toMatchObject({ from: "2025-03-01T00:00:00Z", to: "2025-03-31T00:00:00Z" });
    expect(resolveMetricsQuery({ from: "2025-04-01" }, now)).toMatchObject({ from: "2025-04-01T00:00:00Z", to: "2025-04-15T12:34:56.789Z" });
  });

  it("reads dates as 00:00 UTC and writes every instant in UTC, keeping microseconds", () => {
    expect(resolveMetricsQuery({ from: "2025-03-01T02:00:00+02:00", to: "2025-03-02T00:00:00.000001Z" }, now)).toMatchObject({
      from: "2025-03-01T00:00:00Z",
      to: "2025-03-02T00:00:00.000001Z",
    });
  });

  it("keeps the filters and coerces the window from a query string", () => {
    const query = resolveMetricsQuery({ journey: "billing_dispute", channel: "chat", aiVersion: "care@2", workspace: "acme", cameBackWindowDays: "14" as unknown as number }, now);
    expect(query.filters).toEqual({ journey: "billing_dispute", channel: "chat", aiVersion: "care@2", workspace: "acme" });
    expect(query.cameBackWindowDays).toBe(14);
  });

  it.each([
    [{ from: "2025-03-02", to: "2025-03-01" }, "from"],
    [{ from: "2025-03-01", to: "2025-03-01" }, "from"],
    [{ from: "2025-02-30" }, "from"],
    [{ to: "2025-03-01T00:00:00" }, "to"],
    [{ channel: "fax" }, "channel"],
    [{ workspace: "Acme Corp" }, "workspace"],
    [{ cameBackWindowDays: 0 }, "cameBackWindowDays"],
    [{ kpi: "containment" }, ""],
  ])("rejects %j, naming %s", (input, path) => {
    const result = metricsQuerySchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join("."))).toContain(path);
  });
});

describe("instants", () => {
  it("read offsets and round digits beyond the microsecond", () => {
    expect(instant("2025-03-08T12:00:00+02:00")).toBe(instant("2025-03-08T10:00:00Z"));
    expect(instant("2025-03-08T05:00:00-05:00")).toBe(instant("2025-03-08T10:00:00Z"));
    expect(instant("2025-03-08T10:00:00.0000015Z") - instant("2025-03-08T10:00:00Z")).toBe(2n);
    expect(formatInstant(instant("0099-01-01T00:00:00Z"))).toBe("0099-01-01T00:00:00Z");
  });

  it("round-trip through their canonical spelling", () => {
    const micros = fc.bigInt({ min: 0n, max: 4_102_444_800_000_000n }); // 1970 … 2100
    fc.assert(fc.property(micros, (x) => instant(formatInstant(x)) === x));
  });
});

describe("percentileCont", () => {
  it("interpolates linearly between ranks, as PostgreSQL does", () => {
    // SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY x) FROM (VALUES (1),(2),(3),(4)) v(x) → 3.7
    expect(percentileCont([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(percentileCont([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileCont([7], 0.9)).toBe(7);
    expect(percentileCont([], 0.5)).toBeNull();
  });
});
