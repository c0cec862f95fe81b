// The policy API's glue: who is acting, and how a refused change (lib/policy/admin.ts) becomes the
// one error shape.
import { actorName } from "@/lib/api/actor";
import { ApiError, type ApiIssue } from "@/lib/api/errors";
import type { RequestContext, SignedIn } from "@/lib/api/handler";
import { clientIp } from "@/lib/auth/client-ip";
import { PolicyChangeRefused, type PolicyActor } from "./admin";
import { PolicyValidationError } from "./load";

/** Who changes a policy through the API, as the version and the access log record it. */
export function apiActor(ctx: RequestContext, principal: SignedIn): PolicyActor {
  return { by: actorName(principal), ip: clientIp(ctx.request.headers), via: "api" };
}

/**
 * Awaits a policy change and turns its refusals into API errors: an invalid document or pattern is a
 * 400 `invalid_policy` with each issue's path (under `pathPrefix`) and, for text, its line and column;
 * an unknown workspace 404; nothing to lift 409.
 */
export async function policyChange<T>(change: Promise<T>, pathPrefix = ""): Promise<T> {
  try {
    return await change;
  } catch (error) {
    if (error instanceof PolicyValidationError) {
      const issues: (ApiIssue & { line?: number; column?: number })[] = error.issues.slice(0, 50).map((issue) => ({
        path: [pathPrefix, issue.path].filter(Boolean).join(".") || "(body)",
        message: issue.message,
        ...(issue.line !== undefined ? { line: issue.line, column: issue.column } : {}),
      }));
      const count = error.issues.length;
      throw new ApiError(400, "invalid_policy", `The policy is invalid (${count} ${count === 1 ? "problem" : "problems"}); nothing was stored.`, issues);
    }
    if (PolicyChangeRefused.isRefusal(error)) throw new ApiError(error.status, error.code, error.message);
    throw error;
  }
}
