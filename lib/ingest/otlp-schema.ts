// The OTLP/HTTP JSON `ExportTraceServiceRequest` as zod schemas (opentelemetry-proto, trace/v1).
// OTLP/JSON is the protobuf JSON mapping with three twists the schemas follow: trace and span ids
// are hex (not base64), enums are integers, and receivers MUST ignore unknown fields, so every
// object here is loose. 64-bit integers may arrive as strings or numbers, and `null` means "unset".
import { z } from "zod";

/** A protobuf int64 / fixed64: a decimal string (the canonical form) or a JSON number. */
// As a JSON number a 64-bit value is often past 2^53 (every nanosecond timestamp is), so any
// integer-valued number is taken; it has lost precision already, in JSON.parse, not here.
const wholeNumber = z.number().refine(Number.isInteger, { error: "must be a whole number" });
const int64 = z.union([z.string().regex(/^-?\d{1,20}$/, { error: "must be a decimal integer" }), wholeNumber]);
const uint64 = z.union([z.string().regex(/^\d{1,20}$/, { error: "must be a non-negative decimal integer" }), wholeNumber.min(0)]);
/** A protobuf double: a number, or a string holding one (incl. "NaN", "Infinity", "-Infinity"). */
const double = z.union([
  z.number(),
  z.string().refine((s) => s === "NaN" || (s.trim() !== "" && !Number.isNaN(Number(s))), { error: "must be a number" }),
]);
/** Enums are integers in OTLP/JSON; names ("SPAN_KIND_SERVER") are tolerated, as protobuf JSON parsers do. */
const protoEnum = z.union([z.int(), z.string()]);

const hexId = (field: string, bytes: number) =>
  z
    .string()
    .regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`), {
      error: (issue) =>
        `${field} must be ${bytes * 2} hexadecimal characters (OTLP/JSON encodes ids as hex, not base64) (got ${JSON.stringify(String(issue.input).slice(0, 48))})`,
    })
    .refine((id) => !/^0+$/.test(id), { error: `${field} must not be all zeros (an invalid id in OpenTelemetry)` });

export interface OtlpAnyValue {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: string | number | null;
  doubleValue?: number | string | null;
  arrayValue?: { values?: OtlpAnyValue[] | null } | null;
  kvlistValue?: { values?: OtlpKeyValue[] | null } | null;
  bytesValue?: string | null;
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue | null;
}

export const otlpAnyValueSchema: z.ZodType<OtlpAnyValue> = z.lazy(() =>
  z.looseObject({
    stringValue: z.string().nullish(),
    boolValue: z.boolean().nullish(),
    intValue: int64.nullish(),
    doubleValue: double.nullish(),
    arrayValue: z.looseObject({ values: z.array(otlpAnyValueSchema).nullish() }).nullish(),
    kvlistValue: z.looseObject({ values: z.array(otlpKeyValueSchema).nullish() }).nullish(),
    bytesValue: z.string().nullish(),
  }),
);

export const otlpKeyValueSchema: z.ZodType<OtlpKeyValue> = z.lazy(() =>
  z.looseObject({ key: z.string(), value: otlpAnyValueSchema.nullish() }),
);

const attributes = z.array(otlpKeyValueSchema).nullish();

export const otlpSpanEventSchema = z.looseObject({
  timeUnixNano: uint64.nullish(),
  name: z.string().nullish(),
  attributes,
});

export const otlpSpanSchema = z.looseObject({
  traceId: hexId("traceId", 16),
  spanId: hexId("spanId", 8),
  // The empty string is how protobuf JSON writes "no parent" (a root span).
  parentSpanId: z.union([z.literal(""), hexId("parentSpanId", 8)]).nullish(),
  name: z.string().nullish(),
  kind: protoEnum.nullish(),
  startTimeUnixNano: uint64.nullish(),
  endTimeUnixNano: uint64.nullish(),
  attributes,
  events: z.array(otlpSpanEventSchema).nullish(),
  status: z.looseObject({ code: protoEnum.nullish(), message: z.string().nullish() }).nullish(),
});

const resourceSchema = z.looseObject({ attributes }).nullish();
const scopeSchema = z.looseObject({ name: z.string().nullish(), version: z.string().nullish(), attributes }).nullish();

/** The whole request, every span checked: the reference shape (documentation, tests, OpenAPI). */
export const exportTraceServiceRequestSchema = z.looseObject({
  resourceSpans: z
    .array(
      z.looseObject({
        resource: resourceSchema,
        scopeSpans: z.array(z.looseObject({ scope: scopeSchema, spans: z.array(otlpSpanSchema).nullish() })).nullish(),
      }),
    )
    .nullish(),
});

/**
 * The same request with each span left unchecked, so one malformed span is rejected on its own
 * (a partial success) instead of failing the whole export.
 */
export const otlpEnvelopeSchema = z.looseObject({
  resourceSpans: z
    .array(
      z.looseObject({
        resource: resourceSchema,
        scopeSpans: z.array(z.looseObject({ scope: scopeSchema, spans: z.array(z.unknown()).nullish() })).nullish(),
      }),
    )
    .nullish(),
});

export type ExportTraceServiceRequest = z.infer<typeof exportTraceServiceRequestSchema>;
export type OtlpSpan = z.infer<typeof otlpSpanSchema>;
export type OtlpSpanEvent = z.infer<typeof otlpSpanEventSchema>;

/** `ExportTraceServiceResponse` as OTLP/JSON writes it: int64 as a decimal string. */
export interface ExportTraceServiceResponse {
  partialSuccess?: { rejectedSpans: string; errorMessage: string };
}

/** An attribute value as plain JSON. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

/** Nesting deeper than this is cut off: Warrant reads flat values, and recursion must stay bounded. */
const MAX_VALUE_DEPTH = 8;

/** An AnyValue as plain JSON: int64 beyond 2^53 stays a decimal string, bytes stay base64. */
export function anyValueToJson(value: OtlpAnyValue | null | undefined, depth = 0): AttributeValue {
  if (value == null || depth > MAX_VALUE_DEPTH) return null;
  if (value.stringValue != null) return value.stringValue;
  if (value.boolValue != null) return value.boolValue;
  if (value.intValue != null) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if (value.doubleValue != null) return Number(value.doubleValue);
  if (value.arrayValue != null) return (value.arrayValue.values ?? []).map((v) => anyValueToJson(v, depth + 1));
  if (value.kvlistValue != null) return attributesToMap(value.kvlistValue.values, depth + 1).record();
  if (value.bytesValue != null) return value.bytesValue;
  return null;
}

/** Attribute lookup by key; the first occurrence of a repeated key wins, as the SDKs never repeat keys. */
export class AttributeMap {
  constructor(private readonly values: Map<string, AttributeValue>) {}

  get(key: string): AttributeValue | undefined {
    return this.values.get(key);
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  hasPrefix(prefix: string): boolean {
    for (const key of this.values.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }

  record(): { [key: string]: AttributeValue } {
    return Object.fromEntries(this.values);
  }
}

export function attributesToMap(list: readonly OtlpKeyValue[] | null | undefined, depth = 0): AttributeMap {
  const values = new Map<string, AttributeValue>();
  for (const { key, value } of list ?? []) if (!values.has(key)) values.set(key, anyValueToJson(value, depth));
  return new AttributeMap(values);
}
