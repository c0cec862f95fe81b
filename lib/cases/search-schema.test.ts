import { describe, expect, it } from "vitest";
import { caseSearchSchema } from "./search";

const messageOf = (input: Record<string, unknown>) => {
  const parsed = caseSearchSchema.safeParse(input);
  return parsed.success ? null : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
};

describe("caseSearchSchema's refusals read as advice, not as the validator's own words", () => {
  it("says how long a query may be", () => {
    expect(messageOf({ query: "x".repeat(501) })).toEqual(["query: Too long: at most 500 characters."]);
  });

  it("says what a date looks like", () => {
    expect(messageOf({ from: "yesterday" })).toEqual(["from: Not a date: use YYYY-MM-DD, or an ISO-8601 instant with its offset."]);
  });

  it("refuses a period that ends before it starts, on From", () => {
    expect(messageOf({ from: "2026-12-02", to: "2026-12-01" })).toEqual(["from: From must be before To."]);
    expect(messageOf({ from: "2026-12-01", to: "2026-12-01" })).toEqual(["from: From must be before To."]);
    expect(messageOf({ from: "2026-12-01", to: "2026-12-02" })).toBeNull();
  });
});
