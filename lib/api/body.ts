import type { z } from "zod";
import type { Readable } from "node:stream";
import { ApiError } from "./errors";
import type { RequestContext } from "./handler";

export const MAX_JSON_BODY = 1024 * 1024;

/**
 * Reads a small JSON body with a byte limit and a schema, answering 413/415/400 with precise messages.
 * (Event ingestion has its own reader: it streams larger bodies and NDJSON.)
 */
export async function parseJsonBody<T extends z.ZodType>(
  { request, readBody }: Pick<RequestContext, "request" | "readBody">,
  schema: T,
  options: { optional?: boolean; limit?: number } = {},
): Promise<z.infer<T>> {
  const limit = options.limit ?? MAX_JSON_BODY;
  const text = decodeUtf8(await readBody(limit));
  if (text.trim() === "") {
    if (options.optional) return schema.parse(undefined);
    throw new ApiError(400, "invalid_body", "The request body is empty; send a JSON object.");
  }
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", `Content-Type must be application/json (got '${type || "none"}').`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, "invalid_json", `The body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError(
      400,
      "invalid_body",
      "The request body does not match the expected shape.",
      parsed.error.issues.slice(0, 50).map((i) => ({ path: i.path.join(".") || "(body)", message: i.message })),
    );
  }
  return parsed.data;
}

/**
 * A client that sends a body slower than this is answered 408 rather than holding a request (and its
 * memory) open: no byte for BODY_IDLE_TIMEOUT_MS, or not the whole body within BODY_TOTAL_TIMEOUT_MS
 * (5 MiB in 30 s needs 1.4 Mbit/s, which any server-to-server link has).
 */
export const BODY_IDLE_TIMEOUT_MS = 10_000;
export const BODY_TOTAL_TIMEOUT_MS = 30_000;

export interface ReadOptions {
  idleTimeoutMs?: number;
  totalTimeoutMs?: number;
}

/**
 * The bytes as UTF-8 text; a 400 naming the first byte that is not UTF-8, rather than silently replacing
 * it: what is stored must be what was sent.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    throw new ApiError(400, "invalid_encoding", `The body is not valid UTF-8 (first bad byte at offset ${offset}); send JSON encoded as UTF-8.`, [
      { path: "", message: `invalid UTF-8 at byte ${offset}` },
    ]);
  }
}

/** Reads the raw body, refusing it as soon as it passes `limit` bytes (chunked bodies included) or arrives too slowly. */
export async function readBytes(request: Request, limit: number, options: ReadOptions = {}): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const idleMs = options.idleTimeoutMs ?? BODY_IDLE_TIMEOUT_MS;
  const totalMs = options.totalTimeoutMs ?? BODY_TOTAL_TIMEOUT_MS;
  const deadline = performance.now() + totalMs;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const wait = Math.min(idleMs, deadline - performance.now());
    const next = await readWithin(reader, wait);
    if (next === "timeout") {
      // Not awaited: cancelling waits for the client's next byte, which a stalled client never sends.
      void reader.cancel().catch(() => {});
      const what = wait < idleMs ? `whole within ${totalMs / 1000} s` : `within ${idleMs / 1000} s of the last byte`;
      throw new ApiError(408, "request_timeout", `The request body did not arrive ${what} (received ${size} bytes); send it in one go.`, undefined, { connection: "close" });
    }
    const { done, value } = next;
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * `readBytes` for a body still in Node's stream (the ingest listener, lib/ingest/listener.ts): the same
 * limits, timeouts and answers, without first adapting the stream into a web stream inside a Request,
 * which took a fifth of the listener's time under load. On refusal the stream is left unread: Node
 * discards the rest once the answer is sent, and a timeout's answer closes the connection.
 */
export function readNodeBody(stream: Readable, declaredLength: string | undefined, limit: number, options: ReadOptions = {}): Promise<Uint8Array> {
  if (Number(declaredLength ?? "0") > limit) return Promise.reject(tooLarge(limit));
  const idleMs = options.idleTimeoutMs ?? BODY_IDLE_TIMEOUT_MS;
  const totalMs = options.totalTimeoutMs ?? BODY_TOTAL_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (outcome: () => void) => {
      clearTimeout(idle);
      clearTimeout(total);
      stream.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      stream.pause();
      outcome();
    };
    const timeout = (what: string) => () =>
      stop(() => reject(new ApiError(408, "request_timeout", `The request body did not arrive ${what} (received ${size} bytes); send it in one go.`, undefined, { connection: "close" })));
    const idle = setTimeout(timeout(`within ${idleMs / 1000} s of the last byte`), idleMs);
    const total = setTimeout(timeout(`whole within ${totalMs / 1000} s`), totalMs);
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) return stop(() => reject(tooLarge(limit)));
      chunks.push(chunk);
      idle.refresh();
    };
    const onEnd = () => stop(() => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    const onError = (error: Error) => stop(() => reject(new ApiError(400, "invalid_request", `The request body could not be read: ${error.message}`)));
    const onClose = () => onError(new Error("the connection closed before the body ended"));
    stream.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

function readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number): Promise<ReadableStreamReadResult<Uint8Array> | "timeout"> {
  if (ms <= 0) return Promise.resolve("timeout");
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  return Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [need, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [need, min, cp] = [3, 0x10000, b & 0x07];
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

const tooLarge = (limit: number) =>
  new ApiError(413, "payload_too_large", `The body exceeds ${limit} bytes.`);
