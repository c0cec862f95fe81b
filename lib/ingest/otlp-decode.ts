// Turns an OTLP/HTTP request body into JSON: Content-Type and Content-Encoding checked, gzip
// inflated under a size cap (a small gzip body can inflate to gigabytes), then parsed.
// Protobuf (`application/x-protobuf`, the SDKs' http/protobuf protocol) is refused with a 415 that
// says how to switch the exporter to JSON: no protobuf decoder is a dependency of this project
// (protobufjs is not installed, and @opentelemetry/otlp-transformer only serialises requests).
import { gunzip } from "node:zlib";
import { promisify } from "node:util";
import { ApiError, type ApiIssue } from "@/lib/api/errors";

const gunzipAsync = promisify(gunzip);

/**
 * Cap on the decoded (inflated) body. Above the 5 MiB wire limit of the events endpoint because
 * OTLP/JSON is verbose and most of an export (chat and agent spans) becomes no event at all.
 */
export const MAX_OTLP_DECODED_BYTES = 20 * 1024 * 1024;

/** Every error decodeOtlpBody throws; each is an ApiError, so a route can rethrow it as is. */
export class OtlpBodyError extends ApiError {}

/** 413: the body, once inflated, is larger than the cap. */
export class OtlpPayloadTooLargeError extends OtlpBodyError {
  constructor(readonly limit: number) {
    super(413, "payload_too_large", `The OTLP body exceeds ${limit} bytes once decompressed; export smaller batches (BatchSpanProcessor maxExportBatchSize).`);
  }
}

/** 415: a Content-Type or Content-Encoding this endpoint does not read (protobuf among them). */
export class OtlpUnsupportedMediaTypeError extends OtlpBodyError {
  constructor(message: string) {
    super(415, "unsupported_media_type", message);
  }
}

/** 400: not gzip although it says so, not UTF-8, not JSON, empty, or not an ExportTraceServiceRequest. */
export class OtlpInvalidBodyError extends OtlpBodyError {
  constructor(code: "invalid_json" | "invalid_body", message: string, issues?: ApiIssue[]) {
    super(400, code, message, issues);
  }
}

const PROTOBUF_TYPES = new Set(["application/x-protobuf", "application/protobuf", "application/vnd.google.protobuf"]);

export interface DecodeOptions {
  /** Largest decoded body accepted, in bytes (default MAX_OTLP_DECODED_BYTES). */
  maxBytes?: number;
}

/**
 * Decodes an OTLP/HTTP JSON body to the parsed (still unvalidated) JSON value; pass the result to
 * mapOtlpToEvents. Throws OtlpUnsupportedMediaTypeError (415), OtlpPayloadTooLargeError (413) or
 * OtlpInvalidBodyError (400).
 */
export async function decodeOtlpBody(
  bytes: Uint8Array,
  contentEncoding: string | null | undefined,
  contentType: string | null | undefined,
  options: DecodeOptions = {},
): Promise<unknown> {
  const limit = options.maxBytes ?? MAX_OTLP_DECODED_BYTES;
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (PROTOBUF_TYPES.has(type)) {
    throw new OtlpUnsupportedMediaTypeError(
      "OTLP/HTTP protobuf is not supported; send OTLP/HTTP JSON (Content-Type: application/json): use @opentelemetry/exporter-trace-otlp-http, or set OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json.",
    );
  }
  if (type !== "application/json") {
    throw new OtlpUnsupportedMediaTypeError(`Content-Type '${type || "none"}' is not accepted; send OTLP/HTTP JSON as application/json.`);
  }

  const inflated = await decompress(bytes, (contentEncoding ?? "").trim().toLowerCase(), limit);
  if (inflated.byteLength > limit) throw new OtlpPayloadTooLargeError(limit);

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(inflated);
  } catch {
    throw new OtlpInvalidBodyError("invalid_body", "The OTLP body is not valid UTF-8.");
  }
  if (text.trim() === "") throw new OtlpInvalidBodyError("invalid_body", "The OTLP body is empty; send an ExportTraceServiceRequest.");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new OtlpInvalidBodyError("invalid_json", `The OTLP body is not valid JSON: ${(error as Error).message}`);
  }
}

async function decompress(bytes: Uint8Array, encoding: string, limit: number): Promise<Uint8Array> {
  if (encoding === "" || encoding === "identity") return bytes;
  if (encoding !== "gzip" && encoding !== "x-gzip") {
    throw new OtlpUnsupportedMediaTypeError(`Content-Encoding '${encoding}' is not accepted; send gzip or an uncompressed body.`);
  }
  try {
    // maxOutputLength stops inflating at the cap instead of after the whole bomb is in memory.
    return await gunzipAsync(bytes, { maxOutputLength: limit });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_BUFFER_TOO_LARGE") throw new OtlpPayloadTooLargeError(limit);
    throw new OtlpInvalidBodyError("invalid_body", "The OTLP body says Content-Encoding: gzip but is not valid gzip data.");
  }
}
