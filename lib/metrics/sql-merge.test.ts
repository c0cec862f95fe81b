import { describe, expect, it } from "vitest";
import { addDecimal } from "./sql-merge";

describe("addDecimal", () => {
  it.each([
    ["0", "0", "0"],
    ["12.5", "0.75", "13.25"],
    ["19.99", "0.01", "20.00"],
    ["-5", "2.5", "-2.5"],
    ["-0.25", "0.25", "0.00"],
    ["123456789012345678901234567890.123", "1", "123456789012345678901234567891.123"],
    ["0.1", "0.2", "0.3"],
  ])("%s + %s = %s, exactly", (a, b, sum) => {
    expect(addDecimal(a, b)).toBe(sum);
  });

  it("refuses what is not a decimal", () => {
    expect(() => addDecimal("1e3", "1")).toThrow(/not a decimal/);
  });
});
