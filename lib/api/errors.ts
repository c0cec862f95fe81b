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
  const state = sqlStateOf(error);
  if (state === "22021" || state === "22P05") {
    // A character PostgreSQL cannot hold (U+0000 in a query parameter, say) came from the request.
    log.warn("a request value the database cannot hold", { requestId, sqlState: state });
    return Response.json(
      { error: { code: "invalid_request", message: "A value in the request holds a character the database cannot store or compare (such as NUL, U+0000); remove it and retry." } },
      { status: 400, headers: { "x-request-id": requestId } },
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

// Socket errors, postgres.js connection states, and PostgreSQL's connection_exception (08…),
// too_many_connections (53300) and shutdown/startup states (57P01–57P03): all mean "retry later".
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN",
  "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT",
  "08000", "08001", "08003", "08004", "08006", "53300", "57P01", "57P02", "57P03",
]);

/** The first error code (a SQLSTATE, a socket error) on `error` or its causes. */
function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when `error` (or one of its causes) says the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: string }).code;
    if (code && UNAVAILABLE_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
