import { ApiError } from "@/lib/api/errors";
import { decodeUtf8 } from "@/lib/api/body";
import { findJsonError } from "./json-error";
import { MAX_EVENTS_PER_REQUEST, MAX_REQUEST_BYTES } from "@/lib/events/constants";

export type BodyFormat = "json" | "ndjson";

/** Which body format a Content-Type names, or a 415 that says what is accepted. */
export function bodyFormat(contentType: string | null): BodyFormat {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/json") return "json";
  if (type === "application/x-ndjson" || type === "application/jsonl" || type === "application/ndjson") return "ndjson";
  throw new ApiError(
    415,
    "unsupported_media_type",
    `Content-Type '${type || "none"}' is not accepted; send application/json (one event or an array) or application/x-ndjson (one event per line).`,
  );
}

/**
 * Reads an ingest body into a list of raw (unvalidated) events. Refuses, before any validation:
 * bodies over 5 MiB (413), more than 1,000 events (413), broken JSON with its line and column (400).
 */
export async function readEventsBody(headers: Headers, readBody: (limit: number) => Promise<Uint8Array>): Promise<unknown[]> {
  const format = bodyFormat(headers.get("content-type"));
  const bytes = await readBody(MAX_REQUEST_BYTES).catch((error) => {
    if (ApiError.is(error) && error.status === 413) {
      throw new ApiError(413, "payload_too_large", `The body exceeds ${MAX_REQUEST_BYTES} bytes (5 MiB); split it into several requests.`);
    }
    throw error;
  });
  const text = decodeUtf8(bytes);
  const events = format === "json" ? parseJson(text) : parseNdjson(text);
  if (events.length === 0) throw new ApiError(400, "empty_batch", "The request contains no events.");
  if (events.length > MAX_EVENTS_PER_REQUEST) {
    throw new ApiError(413, "too_many_events", `The request has ${events.length} events; at most ${MAX_EVENTS_PER_REQUEST} are accepted per request.`);
  }
  return events;
}

function parseJson(text: string): unknown[] {
  if (text.trim() === "") throw new ApiError(400, "empty_body", "The request body is empty; send one event or an array of events.");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidJson(text, error as Error, 0);
  }
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === "object") return [value];
  throw new ApiError(400, "invalid_body", "The body must be one event (a JSON object) or an array of events.", [
    { path: "", message: `expected an object or an array, got ${value === null ? "null" : typeof value}` },
  ]);
}

function parseNdjson(text: string): unknown[] {
  const events: unknown[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "") continue;
    // Stop early: counting past the limit is all that is needed to refuse the request.
    if (events.length === MAX_EVENTS_PER_REQUEST) return [...events, null];
    try {
      events.push(JSON.parse(line));
    } catch (error) {
      throw invalidJson(lines[i], error as Error, i, events.length);
    }
  }
  return events;
}

/** A 400 naming where the JSON broke: line and column (1-based), and for NDJSON the event index. */
function invalidJson(text: string, error: Error, lineOffset: number, index?: number): ApiError {
  const found = findJsonError(text);
  const offset = found?.offset ?? text.length;
  const before = text.slice(0, offset).split("\n");
  const line = lineOffset + before.length;
  const column = before[before.length - 1].length + 1;
  const detail = found?.message ?? error.message;
  const where = `line ${line}, column ${column}`;
  return new ApiError(400, "invalid_json", `The body is not valid JSON at ${where}: ${detail}.`, [
    { ...(index !== undefined ? { index } : {}), path: "", message: `${where}: ${detail}` },
  ]);
}
