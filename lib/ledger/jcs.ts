// RFC 8785 JSON Canonicalization Scheme (JCS).
//
// The ledger hashes the canonical text of every record, so two programs (this server, an offline
// verifier in another language) must turn the same JSON value into the same bytes. JCS gets there
// with three rules: no whitespace, object keys sorted by UTF-16 code units, and numbers and strings
// written exactly as ECMAScript's JSON.stringify writes them.

/** Thrown for values that have no JSON (RFC 8785 / I-JSON) representation. */
export class CanonicalizationError extends Error {
  constructor(
    message: string,
    /** Where in the value the problem is, as a JSON-pointer-like path ("/event/items/2"). */
    readonly path: string,
  ) {
    super(`${message} at ${path === "" ? "the top level" : path}`);
    this.name = "CanonicalizationError";
  }
}

/**
 * The RFC 8785 canonical JSON text of `value`.
 *
 * Accepts what JSON.parse can produce: null, booleans, finite numbers, strings, arrays and plain
 * objects. Like JSON.stringify, object members whose value is undefined are left out and undefined
 * array elements become null, so canonicalize(x) === canonicalize(JSON.parse(JSON.stringify(x))).
 * Everything a hash could silently misrepresent is refused instead: NaN and ±Infinity, BigInt,
 * functions, symbols, strings with lone surrogates, cycles, and class instances such as Date, Map
 * or Buffer (convert them to strings or plain objects first, so the record says what was meant).
 */
export function canonicalize(value: unknown): string {
  if (value === undefined) {
    throw new CanonicalizationError("undefined has no JSON representation", "");
  }
  const out: string[] = [];
  write(value, "", new Set(), out);
  return out.join("");
}

function write(value: unknown, path: string, ancestors: Set<object>, out: string[]): void {
  switch (typeof value) {
    case "string":
      out.push(quote(value, path));
      return;
    case "number":
      out.push(serializeNumber(value, path));
      return;
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "undefined":
      // Only reachable inside arrays (objects skip undefined members); JSON.stringify writes null.
      out.push("null");
      return;
    case "bigint":
      throw new CanonicalizationError(
        "BigInt is not a JSON number (JCS numbers are IEEE-754 doubles); encode it as a decimal string",
        path,
      );
    case "function":
    case "symbol":
      throw new CanonicalizationError(`a ${typeof value} has no JSON representation`, path);
  }
  if (value === null) {
    out.push("null");
    return;
  }
  const object = value as object;
  if (ancestors.has(object)) {
    throw new CanonicalizationError("circular reference", path);
  }
  ancestors.add(object);
  if (Array.isArray(object)) {
    writeArray(object, path, ancestors, out);
  } else {
    const proto: unknown = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (object as { constructor?: { name?: string } }).constructor?.name ?? "object";
      throw new CanonicalizationError(
        `a ${kind} instance is not plain JSON; convert it to a string or plain object first`,
        path,
      );
    }
    writeObject(object as Record<string, unknown>, path, ancestors, out);
  }
  ancestors.delete(object);
}

function writeArray(array: unknown[], path: string, ancestors: Set<object>, out: string[]): void {
  out.push("[");
  for (let i = 0; i < array.length; i++) {
    if (i > 0) out.push(",");
    write(array[i], `${path}/${i}`, ancestors, out);
  }
  out.push("]");
}

function writeObject(
  object: Record<string, unknown>,
  path: string,
  ancestors: Set<object>,
  out: string[],
): void {
  // The default sort compares UTF-16 code units, which is exactly the order RFC 8785 §3.2.3
  // requires (not code points, not UTF-8 bytes, not locale collation).
  const keys = Object.keys(object).sort();
  out.push("{");
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    const memberPath = `${path}/${escapePointer(key)}`;
    if (!first) out.push(",");
    first = false;
    out.push(quote(key, memberPath), ":");
    write(member, memberPath, ancestors, out);
  }
  out.push("}");
}

/**
 * RFC 8785 §3.2.2.3: ECMAScript Number::toString, which JavaScript's String() already implements
 * (shortest round-tripping digits, exponent form below 1e-6 and from 1e21). -0 becomes "0".
 */
function serializeNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) {
    throw new CanonicalizationError(`${value} is not a JSON number; only finite numbers are allowed`, path);
  }
  return Object.is(value, -0) ? "0" : String(value);
}

// Short escapes RFC 8785 §3.2.2.2 mandates; every other control character is \u00xx, lower-case hex.
const SHORT_ESCAPES: Record<number, string> = {
  0x08: "\\b",
  0x09: "\\t",
  0x0a: "\\n",
  0x0c: "\\f",
  0x0d: "\\r",
  0x22: '\\"',
  0x5c: "\\\\",
};

/** A JSON string literal: only ", \ and C0 controls are escaped; everything else stays as is. */
function quote(text: string, path: string): string {
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) {
      // I-JSON (RFC 7493) requires valid Unicode: a surrogate must be a high one followed by a low one.
      const next = text.charCodeAt(i + 1);
      if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      throw new CanonicalizationError(
        `lone surrogate U+${unit.toString(16).toUpperCase()} in string is not valid Unicode`,
        path,
      );
    }
    if (unit >= 0x20 && unit !== 0x22 && unit !== 0x5c) continue;
    out += text.slice(runStart, i);
    out += SHORT_ESCAPES[unit] ?? `\\u${unit.toString(16).padStart(4, "0")}`;
    runStart = i + 1;
  }
  return `${out}${text.slice(runStart)}"`;
}

/** RFC 6901 escaping, so an error path names the member unambiguously. */
function escapePointer(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}
