import { randomUUID } from "node:crypto";
import { authenticateApiKey, type ApiPrincipal, type ApiScope } from "@/lib/auth/api-keys";
import { runtime, type Runtime } from "@/lib/runtime";
import { ApiError, errorResponse } from "./errors";

export interface RequestContext {
  request: Request;
  requestId: string;
  runtime: Runtime;
}

/** Wraps a route handler: a request id, the runtime, and every thrown error turned into the one error shape. */
export function route<P = unknown>(fn: (ctx: RequestContext, params: P) => Promise<Response>) {
  return async (request: Request, segment: { params: Promise<P> }): Promise<Response> => {
    const requestId = request.headers.get("x-request-id")?.slice(0, 100) || randomUUID();
    try {
      const response = await fn({ request, requestId, runtime: await runtime() }, await segment?.params);
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
}

/** Authenticates `Authorization: Bearer <key>` and checks the key carries `scope`. */
export async function requireApiKey(ctx: RequestContext, scope: ApiScope): Promise<ApiPrincipal> {
  const header = ctx.request.headers.get("authorization");
  if (!header) throw new ApiError(401, "unauthenticated", "Missing Authorization header; send 'Authorization: Bearer <API key>'.", undefined, { "www-authenticate": "Bearer" });
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError(401, "unauthenticated", "Authorization must be 'Bearer <API key>'.", undefined, { "www-authenticate": "Bearer" });
  const principal = await authenticateApiKey(ctx.runtime.handle.db, match[1]);
  if (!principal) throw new ApiError(401, "unauthenticated", "The API key is unknown or revoked.", undefined, { "www-authenticate": 'Bearer error="invalid_token"' });
  if (!principal.scopes.includes(scope) && !principal.scopes.includes("admin")) {
    throw new ApiError(403, "forbidden", `This API key lacks the '${scope}' scope.`);
  }
  return principal;
}
