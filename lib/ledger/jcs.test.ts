import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CanonicalizationError, canonicalize } from "./jcs";

// Vectors come from RFC 8785 (§3.2.2 sample input, §3.2.3 sorting sample, §3.2.4 output bytes,
// Appendix B number table) and from the RFC authors' test data in
// github.com/cyberphone/json-canonicalization (testdata/input + testdata/output, README samples).

/** The double whose IEEE-754 bit pattern is the given 16 hex digits. */
function double(bits: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${bits}`));
  return view.getFloat64(0);
}

describe("canonicalize: RFC 8785 examples", () => {
  it("turns the §3.2.2 sample into the exact §3.2.4 UTF-8 bytes", () => {
    // Parsed from JSON text so the escapes are the RFC's, not TypeScript's.
    const input: unknown = JSON.parse(String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50,
                  2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`);
    const expectedBytes = Buffer.from(
      `7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72
       75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a
       5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31
       65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37
       5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30
       30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d`.replace(/\s+/g, ""),
      "hex",
    );
    const output = canonicalize(input);
    expect(Buffer.from(output, "utf8")).toEqual(expectedBytes);
    expect(output).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it("sorts the §3.2.3 keys by UTF-16 code units, putting U+1F600 before U+FB33", () => {
    const input = JSON.parse(String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`) as Record<string, string>;
    // Read the member order off the text: JSON.parse would move the integer-like key "1" first.
    const text = canonicalize(input);
    const order = [...text.matchAll(/":"([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual([
      "Carriage Return",
      "One",
      "Control",
      "Latin Small Letter O With Diaeresis",
      "Euro Sign",
      "Emoji: Grinning Face",
      "Hebrew Letter Dalet With Dagesh",
    ]);
    expect(text).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control",' +
        '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
        '"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  // Appendix B: IEEE-754 bit pattern → canonical text.
  const numbers: [string, string][] = [
    ["0000000000000000", "0"],
    ["8000000000000000", "0"],
    ["0000000000000001", "5e-324"],
    ["8000000000000001", "-5e-324"],
    ["7fefffffffffffff", "1.7976931348623157e+308"],
    ["ffefffffffffffff", "-1.7976931348623157e+308"],
    ["4340000000000000", "9007199254740992"],
    ["c340000000000000", "-9007199254740992"],
    ["4430000000000000", "295147905179352830000"],
    ["44b52d02c7e14af5", "9.999999999999997e+22"],
    ["44b52d02c7e14af6", "1e+23"],
    ["44b52d02c7e14af7", "1.0000000000000001e+23"],
    ["444b1ae4d6e2ef4e", "999999999999999700000"],
    ["444b1ae4d6e2ef4f", "999999999999999900000"],
    ["444b1ae4d6e2ef50", "1e+21"],
    ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
    ["3eb0c6f7a0b5ed8d", "0.000001"],
    ["41b3de4355555553", "333333333.3333332"],
    ["41b3de4355555554", "333333333.33333325"],
    ["41b3de4355555555", "333333333.3333333"],
    ["41b3de4355555556", "333333333.3333334"],
    ["41b3de4355555557", "333333333.33333343"],
    ["becbf647612f3696", "-0.0000033333333333333333"],
    ["43143ff3c1cb0959", "1424953923781206.2"],
    // Sample lines of the es6testfile described in cyberphone's testdata/README.md.
    ["4340000000000001", "9007199254740994"],
    ["4340000000000002", "9007199254740996"],
  ];
  it.each(numbers)("writes the double 0x%s as %s", (bits, expected) => {
    expect(canonicalize(double(bits))).toBe(expected);
    expect(canonicalize([double(bits)])).toBe(`[${expected}]`);
  });

  it.each([
    ["7fffffffffffffff", "NaN"],
    ["7ff0000000000000", "Infinity"],
    ["fff0000000000000", "-Infinity"],
  ])("rejects the Appendix B non-number 0x%s (%s)", (bits) => {
    expect(() => canonicalize({ n: double(bits) })).toThrow(/only finite numbers are allowed at \/n/);
  });
});

describe("canonicalize: cyberphone/json-canonicalization test data", () => {
  const cases: [string, string, string][] = [
    [
      "values",
      String.raw`{"numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001],
        "escaping": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}`,
      String.raw`{"escaping":"€$\u000f\nA'B\"\\\\\"/","literals":[null,true,false],"numbers":[1e+30,4.5,333333333.3333333,0.002,1e-27]}`,
    ],
    [
      "weird",
      String.raw`{"\u20ac": "Euro Sign", "1": "One", "\u0080": "Control\u007f", "\ud83d\ude02": "Smiley",
        "\u00f6": "Latin Small Letter O With Diaeresis", "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "</script>": "Browser Challenge"}`,
      // Not String.raw: U+0080 and U+007F appear unescaped in the expected output.
      '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude02":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    ],
    [
      "structures",
      String.raw`{"1": {"f": {"f": "hi","F": 5} ,"\n": 56.0}, "10": { }, "": "empty", "a": { }, "111": [ { } ], "A": { }}`,
      String.raw`{"":"empty","1":{"\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}`,
    ],
    [
      "french",
      `{"peach": "This sorting order", "péché": "is wrong according to French",
        "pêche": "but canonicalization MUST", "sin": "ingnore locale"}`,
      `{"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ingnore locale"}`,
    ],
    [
      "unicode (no normalisation)",
      String.raw`{"Unnormalized Unicode":"\u1e0d\u0307"}`,
      '{"Unnormalized Unicode":"\u1e0d\u0307"}',
    ],
  ];
  it.each(cases)("matches testdata/output for %s", (_name, input, expected) => {
    expect(canonicalize(JSON.parse(input))).toBe(expected);
  });
});

describe("canonicalize: JavaScript values", () => {
  it("skips undefined members and writes undefined array elements as null, like JSON.stringify", () => {
    expect(canonicalize({ b: 1, a: undefined, c: [undefined, 2] })).toBe('{"b":1,"c":[null,2]}');
  });

  it("escapes every C0 control character, using the short forms where JSON has them", () => {
    const all = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join("");
    expect(canonicalize(all)).toBe(JSON.stringify(all));
    expect(canonicalize("\u001f\u007f")).toBe('"\\u001f\u007f"');
  });

  it.each([
    ["a BigInt", { seq: 1n }, /BigInt is not a JSON number.* at \/seq$/],
    ["a function", { f: () => 1 }, /a function has no JSON representation at \/f$/],
    ["a symbol", [Symbol("s")], /a symbol has no JSON representation at \/0$/],
    ["a Date", { at: new Date(0) }, /a Date instance is not plain JSON.* at \/at$/],
    ["a Map", new Map(), /a Map instance .* at the top level$/],
    ["a lone high surrogate", { s: "a\ud800b" }, /lone surrogate U\+D800 .* at \/s$/],
    ["a lone low surrogate key", { "\udc00": 1 }, /lone surrogate U\+DC00/],
    ["a high surrogate ending a string", { s: ["ok", "end\ud83d"] }, /lone surrogate U\+D83D .* at \/s\/1$/],
    ["a low surrogate after a whole pair", { s: "\ud83d\ude00\ude00" }, /lone surrogate U\+DE00 .* at \/s$/],
    ["top-level undefined", undefined, /undefined has no JSON representation/],
    ["a key with / and ~ in a bad value", { "a/b~": NaN }, /at \/a~1b~0$/],
  ])("rejects %s with a clear error", (_name, value, message) => {
    expect(() => canonicalize(value)).toThrow(CanonicalizationError);
    expect(() => canonicalize(value)).toThrow(message);
  });

  it("rejects circular references instead of overflowing the stack", () => {
    const a: Record<string, unknown> = {};
    a.self = { back: a };
    expect(() => canonicalize(a)).toThrow(/circular reference at \/self\/back/);
  });

  it("accepts a repeated (non-circular) reference", () => {
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it("accepts objects without a prototype", () => {
    const bare = Object.assign(Object.create(null) as object, { b: 2, a: 1 });
    expect(canonicalize(bare)).toBe('{"a":1,"b":2}');
  });
});

describe("canonicalize: properties", () => {
  const json = fc.jsonValue({ stringUnit: "binary" });

  it("is a fixed point: re-parsing canonical text gives the same canonical text", () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalize(value);
        expect(canonicalize(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it("parses back to what JSON.stringify would have produced", () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(JSON.parse(canonicalize(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  // An independent JCS for values without undefined members: sort each object's keys, write the rest with JSON.stringify.
  const reference = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map(reference).join(",")}]`;
    if (value !== null && typeof value === "object") {
      const object = value as Record<string, unknown>;
      return `{${Object.keys(object).sort().map((key) => `${JSON.stringify(key)}:${reference(object[key])}`).join(",")}}`;
    }
    return JSON.stringify(value);
  };
  // Member names special to JavaScript objects (one that sets the prototype when assigned, inherited
  // ones, array indexes, which objects list first), or that sort apart differently by code point and by
  // code unit; each set as an own member, as JSON.parse sets them.
  const awkwardKey = fc.constantFrom("__proto__", "constructor", "toString", "toJSON", "valueOf", "0", "10", "2", "", "é", "\u{1F600}", "\uFB33");
  const { value: awkwardValue } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.constant(null),
      fc.boolean(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ unit: "grapheme" }),
      fc.array(tie("value"), { maxLength: 4 }),
      tie("object"),
    ),
    object: fc.array(fc.tuple(fc.oneof(awkwardKey, fc.string()), tie("value")), { maxLength: 5 }).map((entries) => {
      const object: Record<string, unknown> = {};
      for (const [key, member] of entries) Object.defineProperty(object, key, { value: member, enumerable: true, writable: true, configurable: true });
      return object;
    }),
  }));

  it("writes what an independent implementation writes, whatever the member names", () => {
    fc.assert(
      fc.property(awkwardValue, (value) => {
        expect(canonicalize(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });

  it("writes an object with hundreds of members as an independent implementation does", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: "binary", maxLength: 6 }), fc.integer(), { minKeys: 100, maxKeys: 400 }), (dict) => {
        expect(canonicalize(dict)).toBe(reference(dict));
      }),
      { numRuns: 20 },
    );
  });

  it("names the first problem in canonical order, whatever order the members were inserted in", () => {
    expect(() => canonicalize({ b: NaN, a: Infinity })).toThrow(/Infinity is not a JSON number.* at \/a$/);
  });

  it("does not depend on the order members were inserted in", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: "binary" }), json), (dict) => {
        const reversed = Object.fromEntries(Object.entries(dict).reverse());
        expect(canonicalize(reversed)).toBe(canonicalize(dict));
      }),
    );
  });
});
