import { randomUUID } from "node:crypto";
import type { ApiPrincipal, ApiScope } from "@/lib/auth/api-keys";
import { type AccessRule, authorizeRule, PERMISSIONS, type Permission, type Principal } from "@/lib/auth/permissions";
import { principalFromRequest } from "@/lib/auth/principal";
import { workspaceIdSchema } from "@/lib/workspaces";
import { log, withRequestId } from "@/lib/log";
import { runtime, type Runtime } from "@/lib/runtime";
import { type Answer, setAnswerHeader, toResponse } from "./answer";
import { readBytes } from "./body";
import { ApiError, errorResponse } from "./errors";

/**
 * What a handler reads of its request besides the body, which comes through `RequestContext.readBody`.
 * Next.js passes its Request; the ingest listener a plain object, since building a web Request (its
 * headers copied again, an abort signal) for each single-event request was a thirtieth of its time.
 */
export interface ApiRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  /** Aborted when the client goes away; Next's requests only (the ingest listener streams no answers). */
  readonly signal?: AbortSignal;
}

export interface RequestContext {
  request: ApiRequest;
  requestId: string;
  runtime: Runtime;
  /** The raw body, refused past `limit` bytes or when it arrives too slowly (lib/api/body.ts). */
  readBody(limit: number): Promise<Uint8Array>;
}

export type RouteHandler<P = unknown> = (ctx: RequestContext, params: P) => Promise<Answer>;

/** Wraps a route handler: a request id, the runtime, and every thrown error turned into the one error shape. */
export function route<P = unknown>(fn: RouteHandler<P>) {
  return async (request: Request, segment: { params: Promise<P> }): Promise<Response> =>
    toResponse(await serveRoute(fn, request, () => segment?.params, (limit) => readBytes(request, limit)));
}

/**
 * Answers one request with a route handler (what `route` does for Next.js). The ingest listener calls it
 * directly, with a body read from Node's own stream, and writes a JSON answer without making it a
 * Response (lib/ingest/listener.ts).
 */
export async function serveRoute<P>(
  fn: RouteHandler<P>,
  request: ApiRequest,
  params: () => Promise<P> | P,
  readBody: RequestContext["readBody"],
): Promise<Answer> {
  const started = performance.now();
  const requestId = request.headers.get("x-request-id")?.slice(0, 100) || randomUUID();
  let response: Answer;
  try {
    response = await withRequestId(requestId, async () => fn({ request, requestId, runtime: await runtime(), readBody }, await params()));
    setAnswerHeader(response, "x-request-id", requestId);
  } catch (error) {
    response = errorResponse(error, requestId);
  }
  // Shutting down: close each keep-alive connection after its answer, so the server can stop
  // rather than serve clients that keep sending on connections it accepted before.
  if (globalThis.warrantShuttingDown) setAnswerHeader(response, "connection", "close");
  // One access-log line per API request (the path without its query, which may carry filters).
  log.info("request", { requestId, method: request.method, path: new URL(request.url).pathname, status: response.status, ms: Math.round(performance.now() - started) });
  return response;
}

declare global {
  // Set by lib/server-tasks.ts on SIGTERM/SIGINT; on globalThis because Next bundles modules per route.
  var warrantShuttingDown: boolean | undefined;
}

/** How long an API-key check may wait for the database before the request is answered 503. */
export const AUTH_TIMEOUT_MS = 10_000;

/** Settles like `promise`, or fails with a 503 after `ms` (the database hangs rather than refusing). */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ApiError(503, "unavailable", `${what} did not answer within ${ms / 1000} s; retry shortly.`, undefined, { "retry-after": "2" })), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The one guard for API routes: the caller (a session cookie or `Authorization: Bearer <API key>`) must
 * hold `permission` in lib/auth/permissions.ts. 401 when nobody is signed in or the key is bad, 403 when
 * the role or the key's scopes do not allow it. Returns who it is.
 */
export async function requireAccess(ctx: RequestContext, permission: Permission): Promise<SignedIn> {
  return enforce(ctx, await principalFromRequest(ctx.runtime, ctx.request), PERMISSIONS[permission]);
}

/**
 * For routes that take API keys only (ingest): the key must carry `scope` (or `admin`); a signed-in
 * person is refused with 403. The same decision as requireAccess, for a rule outside the map.
 */
export async function requireApiKey(ctx: RequestContext, scope: ApiScope): Promise<ApiPrincipal> {
  const who = await withDeadline(principalFromRequest(ctx.runtime, ctx.request), AUTH_TIMEOUT_MS, "The database");
  const principal = await enforce(ctx, who, { roles: [], scopes: [scope] });
  if (principal.kind !== "apiKey") throw new ApiError(403, "forbidden", "This route takes API keys only.");
  return { keyId: principal.keyId, workspaceId: principal.workspaceId, scopes: principal.scopes };
}

export type SignedIn = NonNullable<Principal>;

async function enforce(ctx: RequestContext, principal: Principal, rule: AccessRule): Promise<SignedIn> {
  const decision = authorizeRule(principal, rule);
  if (!principal || decision === "unauthenticated") {
    const message = rule.roles.length === 0 ? "Missing Authorization header; send 'Authorization: Bearer <API key>'." : "Sign in, or send 'Authorization: Bearer <API key>'.";
    throw new ApiError(401, "unauthenticated", message, undefined, { "www-authenticate": "Bearer" });
  }
  if (decision === "forbidden") {
    if (principal.kind === "apiKey") throw new ApiError(403, "forbidden", `This API key's scopes (${principal.scopes.join(", ")}) do not allow this request.`);
    if (rule.roles.length === 0) throw new ApiError(403, "forbidden", "This route takes API keys only.");
    throw new ApiError(403, "forbidden", `Your role (${principal.role}) does not allow this request.`);
  }
  if (principal.kind === "user") assertSameOrigin(ctx.request);
  return principal;
}

// A cookie rides along with cross-site requests; SameSite=Lax already keeps it off cross-site POSTs,
// and this refuses any state-changing request a browser marks as coming from another origin.
function assertSameOrigin(request: ApiRequest) {
  if (request.method === "GET" || request.method === "HEAD") return;
  const origin = request.headers.get("origin");
  if (!origin) return; // not a browser, or a same-origin request from an old one
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {}
  if (!host || originHost !== host) throw new ApiError(403, "forbidden", "Cross-origin requests with a session cookie are refused.");
}

/**
 * The workspace a request is about: an API key's own; for a signed-in person, `?workspace=` (roles are
 * not per workspace), by default "default".
 */
export function workspaceFor(ctx: RequestContext, principal: SignedIn): string {
  if (principal.kind === "apiKey") return principal.workspaceId;
  const requested = new URL(ctx.request.url).searchParams.get("workspace") ?? "default";
  const parsed = workspaceIdSchema.safeParse(requested);
  if (!parsed.success) throw new ApiError(400, "invalid_query", "The query is invalid.", [{ path: "workspace", message: parsed.error.issues[0].message }]);
  return parsed.data;
}
