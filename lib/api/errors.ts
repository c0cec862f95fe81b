import { log } from "@/lib/log";

export interface ApiIssue {
  index?: number;
  path: string;
  message: string;
}

/** The one error every API answers with: `{ error: { code, message, issues? } }`. */
export class ApiError extends Error {
  // A brand rather than `instanceof`: Next may load this module once per server bundle.
  readonly brand = "warrant.ApiError";
  static is(error: unknown): error is ApiError {
    return (error as { brand?: string } | null)?.brand === "warrant.ApiError";
  }

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: ApiIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function errorResponse(error: unknown, requestId: string): Response {
  if (ApiError.is(error)) {
    return Response.json(
      { error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } },
      { status: error.status, headers: { ...error.headers, "x-request-id": requestId } },
    );
  }
  if (isDatabaseUnavailable(error)) {
    log.warn("database unavailable", { requestId, error: String((error as Error).message) });
    return Response.json(
      { error: { code: "unavailable", message: "The database is unavailable; retry shortly." } },
      { status: 503, headers: { "retry-after": "2", "x-request-id": requestId } },
    );
  }
  // Database and programming errors are logged with the request id and never shown to the client.
  log.error("unhandled error", { requestId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return Response.json(
    { error: { code: "internal", message: `Internal error; quote request id ${requestId} when reporting it.` } },
    { status: 500, headers: { "x-request-id": requestId } },
  );
}

const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "CONNECTION_CLOSED", "CONNECT_TIMEOUT", "57P01", "57P03"]);

function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: string }).code;
    if (code && UNAVAILABLE_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
