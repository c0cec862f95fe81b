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
  return flattened(write(value, [], []));
}

/**
 * `text` as one piece. V8 keeps a string built by concatenation as a tree of its pieces until something
 * reads it whole, and ingest keeps each event's canonical text until its group commits: as a tree a
 * 225-character event held ~2.2 KB, flat ~0.4 KB, and every garbage collection in between copies what
 * is held (docs/benchmarks.md). Reading a character makes V8 flatten the tree in place; the test keeps
 * the read from being optimised away (JSON text never starts with a NUL).
 */
function flattened(text: string): string {
  if (text.charCodeAt(0) === 0) throw new CanonicalizationError("canonical text starts with NUL", "");
  return text;
}

// Where the writer is, as the keys and indexes from the top: joined into a path only for an error,
// so the common case builds no path strings.
type Trail = (string | number)[];

function pathOf(trail: Trail): string {
  return trail.map((step) => `/${typeof step === "number" ? step : escapePointer(step)}`).join("");
}

// `ancestors`: the objects and arrays the writer is inside of (a handful), to refuse a cycle.
function write(value: unknown, trail: Trail, ancestors: object[]): string {
  switch (typeof value) {
    case "string":
      return quote(value, trail);
    case "number":
      return serializeNumber(value, trail);
    case "boolean":
      return value ? "true" : "false";
    case "undefined":
      // Only reachable inside arrays (objects skip undefined members); JSON.stringify writes null.
      return "null";
    case "bigint":
      throw new CanonicalizationError(
        "BigInt is not a JSON number (JCS numbers are IEEE-754 doubles); encode it as a decimal string",
        pathOf(trail),
      );
    case "function":
    case "symbol":
      throw new CanonicalizationError(`a ${typeof value} has no JSON representation`, pathOf(trail));
  }
  if (value === null) return "null";
  const object = value as object;
  if (ancestors.includes(object)) {
    throw new CanonicalizationError("circular reference", pathOf(trail));
  }
  ancestors.push(object);
  let text: string;
  if (Array.isArray(object)) {
    text = writeArray(object, trail, ancestors);
  } else {
    const proto: unknown = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (object as { constructor?: { name?: string } }).constructor?.name ?? "object";
      throw new CanonicalizationError(
        `a ${kind} instance is not plain JSON; convert it to a string or plain object first`,
        pathOf(trail),
      );
    }
    text = writeObject(object as Record<string, unknown>, trail, ancestors);
  }
  ancestors.pop();
  return text;
}

function writeArray(array: unknown[], trail: Trail, ancestors: object[]): string {
  let text = "[";
  for (let i = 0; i < array.length; i++) {
    if (i > 0) text += ",";
    trail.push(i);
    text += write(array[i], trail, ancestors);
    trail.pop();
  }
  return `${text}]`;
}

function writeObject(object: Record<string, unknown>, trail: Trail, ancestors: object[]): string {
  const keys = sortInPlace(Object.keys(object));
  let text = "{";
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    trail.push(key);
    if (text.length > 1) text += ",";
    text += quoteKey(key, trail);
    text += ":";
    text += write(member, trail, ancestors);
    trail.pop();
  }
  return `${text}}`;
}

// Past this many members, insertion sort's quadratic time costs more than Array.prototype.sort's copy.
const INSERTION_SORT_MAX = 16;

/**
 * Sorts member names by UTF-16 code units, the order RFC 8785 §3.2.3 requires (not code points, not
 * UTF-8 bytes, not locale collation), which is what `<` and the default sort compare. Most objects have
 * a handful of members and are sorted in place: Array.prototype.sort allocated a copy of every array it
 * sorted, which on ingest was an eighth of all the bytes the server allocated (docs/benchmarks.md).
 */
function sortInPlace(keys: string[]): string[] {
  if (keys.length > INSERTION_SORT_MAX) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

// Member names repeat from one event to the next ("type", "caseId"…): their quoted forms are kept.
// The names come from clients, so only short ones are kept, and only so many.
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_KEPT = 4096;
const QUOTED_KEY_LENGTH_KEPT = 64;

function quoteKey(key: string, trail: Trail): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = quote(key, trail);
    if (key.length <= QUOTED_KEY_LENGTH_KEPT && quotedKeys.size < QUOTED_KEYS_KEPT) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * RFC 8785 §3.2.2.3: ECMAScript Number::toString, which JavaScript's String() already implements
 * (shortest round-tripping digits, exponent form below 1e-6 and from 1e21). -0 becomes "0".
 */
function serializeNumber(value: number, trail: Trail): string {
  if (!Number.isFinite(value)) {
    throw new CanonicalizationError(`${value} is not a JSON number; only finite numbers are allowed`, pathOf(trail));
  }
  return Object.is(value, -0) ? "0" : String(value);
}

// A string holding a surrogate code unit; only those need the (rare) check for lone ones.
const SURROGATE = /[\uD800-\uDFFF]/;
// A surrogate that is not part of a high-low pair.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A JSON string literal as RFC 8785 §3.2.2.2 writes it, which is exactly what JSON.stringify writes
 * for well-formed text: only ", \ and C0 controls escaped (\b \t \n \f \r short, the rest as \u00xx in
 * lower-case hex), everything else as is. JSON.stringify would write a lone surrogate as an escape;
 * I-JSON (RFC 7493) requires valid Unicode, so one is refused instead.
 */
function quote(text: string, trail: Trail): string {
  if (SURROGATE.test(text)) {
    const lone = LONE_SURROGATE.exec(text);
    if (lone) {
      const unit = lone[0].charCodeAt(0);
      throw new CanonicalizationError(`lone surrogate U+${unit.toString(16).toUpperCase()} in string is not valid Unicode`, pathOf(trail));
    }
  }
  return JSON.stringify(text);
}

/** RFC 6901 escaping, so an error path names the member unambiguously. */
function escapePointer(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}
