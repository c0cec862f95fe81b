// Turns zod issues into what a client can act on: a field path (`evidence[2].summary`) and a
// plain message ("must be at most 1 (got 1.7)"). Everything echoed back from the input is clipped,
// so a hostile body cannot make the error answer larger than the request.
import type { z } from "zod";

export interface FieldIssue {
  path: string;
  message: string;
}

const CLIP = 60;

export function clip(text: string, max = CLIP): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A short rendering of a received value for "(got …)". */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(clip(value));
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return typeof value;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `["evidence", 2, "summary"]` → `evidence[2].summary`; odd keys are quoted: `attributes["a b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else {
      const key = clip(String(segment));
      out += IDENTIFIER.test(key) ? (out === "" ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  record: "an object",
  array: "an array",
};

const oneOf = (values: readonly unknown[]) => values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");

type RawIssue = z.core.$ZodRawIssue & Record<string, unknown>;

function sizeMessage(issue: RawIssue, bound: "max" | "min"): string | undefined {
  const { origin, input } = issue;
  const limit = Number(bound === "max" ? issue.maximum : issue.minimum);
  const inclusive = issue.inclusive !== false;
  if (origin === "string" && typeof input === "string") {
    if (bound === "min" && limit === 1) return "must not be empty";
    return `must be at ${bound === "max" ? "most" : "least"} ${limit} characters (got ${input.length})`;
  }
  if (origin === "array" && Array.isArray(input))
    return `must have at ${bound === "max" ? "most" : "least"} ${limit} items (got ${input.length})`;
  if (origin === "int" && issue.maximum === Number.MAX_SAFE_INTEGER) return `must be a safe integer (got ${show(input)})`;
  if (origin === "number" || origin === "int") {
    const word = bound === "max" ? (inclusive ? "at most" : "less than") : inclusive ? "at least" : "greater than";
    return `must be ${word} ${limit} (got ${show(input)})`;
  }
  return undefined;
}

function formatMessage(issue: RawIssue): string | undefined {
  const input = issue.input;
  switch (issue.code) {
    case "invalid_type": {
      if (input === undefined) return "required";
      if (typeof issue.received === "string" && ["Infinity", "-Infinity", "NaN"].includes(issue.received))
        return `expected a finite number (got ${issue.received})`;
      return `expected ${EXPECTED[String(issue.expected)] ?? String(issue.expected)} (got ${show(input)})`;
    }
    case "too_big":
      return sizeMessage(issue, "max");
    case "too_small":
      return sizeMessage(issue, "min");
    case "invalid_format": {
      const format = String(issue.format);
      if (format === "uuid" || format === "guid") return `must be a UUID (got ${show(input)})`;
      if (format === "datetime")
        return `must be an ISO-8601 date-time with seconds and a time zone, e.g. 2025-03-11T09:14:05Z (got ${show(input)})`;
      if (format === "regex") return `must match ${String(issue.pattern)} (got ${show(input)})`;
      return `must be a valid ${format} (got ${show(input)})`;
    }
    case "invalid_value": {
      const values = (issue.values as readonly unknown[]) ?? [];
      if (input === undefined) return `required (one of: ${oneOf(values)})`;
      if (values.length === 1) return `must be ${JSON.stringify(values[0])} (got ${show(input)})`;
      return `expected one of: ${oneOf(values)} (got ${show(input)})`;
    }
    case "invalid_union": {
      const key = issue.discriminator;
      const options = issue.options as readonly unknown[] | undefined;
      if (typeof key === "string" && options) {
        const value = input !== null && typeof input === "object" ? (input as Record<string, unknown>)[key] : undefined;
        if (value === undefined) return `required (one of: ${oneOf(options)})`;
        return `expected one of: ${oneOf(options)} (got ${show(value)})`;
      }
      return "does not match any of the allowed shapes";
    }
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)} (got ${show(input)})`;
    case "unrecognized_keys":
      return "unknown fields";
    default:
      return undefined;
  }
}

/**
 * Error map for `safeParse(value, { error: humanErrorMap })`. Messages set on a schema itself (and
 * custom issues from refinements) take precedence, as zod orders them.
 */
export const humanErrorMap: z.core.$ZodErrorMap = (issue) => formatMessage(issue as RawIssue);

/** Flattens a zod error into field issues, one per unknown key, stopping at `limit`. */
export function fieldIssues(error: z.ZodError, limit = Number.POSITIVE_INFINITY): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (out.length >= limit) break;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        if (out.length >= limit) break;
        out.push({ path: formatPath([...issue.path, key]), message: `unknown field ${JSON.stringify(clip(key))}` });
      }
    } else out.push({ path: formatPath(issue.path), message: issue.message });
  }
  return out;
}
