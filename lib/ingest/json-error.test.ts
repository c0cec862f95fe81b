import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findJsonError } from "./json-error";

describe("findJsonError", () => {
  it.each([
    ['{"a":1,\n "b": }', 14, "where a value was expected"],
    ['{"a":1', 6, "expected ',' or '}'"],
    ["", 0, "end of input"],
    ['{"a":1} x', 8, "after the end"],
    ["[1,2,]", 5, "where a value was expected"],
    ["{a:1}", 1, "property name in double quotes"],
    ['"\u0001"', 1, "control character"],
    ["[01]", 2, "expected ',' or ']'"],
  ])("locates the error in %j at offset %i", (text, offset, message) => {
    const found = findJsonError(text);
    expect(found?.offset).toBe(offset);
    expect(found?.message).toContain(message);
  });

  it("survives hostile nesting without recursion", () => {
    expect(findJsonError("[".repeat(200_000))?.message).toContain("end of input");
  });

  it("agrees with JSON.parse about what is valid", () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(findJsonError(text) === null).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });
});
