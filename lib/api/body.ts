import type { z } from "zod";
import { ApiError } from "./errors";

export const MAX_JSON_BODY = 1024 * 1024;

/**
 * Reads a small JSON body with a byte limit and a schema, answering 413/415/400 with precise messages.
 * (Event ingestion has its own reader: it streams larger bodies and NDJSON.)
 */
export async function parseJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
  options: { optional?: boolean; limit?: number } = {},
): Promise<z.infer<T>> {
  const limit = options.limit ?? MAX_JSON_BODY;
  const text = await readText(request, limit);
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

/** Reads the body as UTF-8 text, refusing it as soon as it passes `limit` bytes. */
export async function readText(request: Request, limit: number): Promise<string> {
  return new TextDecoder("utf-8").decode(await readBytes(request, limit));
}

/** Reads the raw body, refusing it as soon as it passes `limit` bytes (chunked bodies included). */
export async function readBytes(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const tooLarge = (limit: number) =>
  new ApiError(413, "payload_too_large", `The body exceeds ${limit} bytes.`);
