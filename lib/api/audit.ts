import { appendAccessLog } from "@/lib/auth/access-log";
import { clientIp } from "@/lib/auth/client-ip";
import type { ApiRequest, RequestContext, SignedIn } from "./handler";

/** The access log's "who" for a caller: a person's email, or `apikey:<prefix>` for a key. */
export function actorLabel(principal: SignedIn): string {
  return principal.kind === "user" ? principal.email : `apikey:${principal.prefix ?? principal.keyId}`;
}

/**
 * Whether a request transfers what it asks for. Next.js answers a HEAD with the route's GET handler
 * (unless the route exports HEAD), but a HEAD carries no body: nothing was read or downloaded, so it is
 * not an access to log, and a download need not build a body that is thrown away.
 */
export function readsContent(request: Pick<ApiRequest, "method">): boolean {
  return request.method !== "HEAD";
}

/**
 * Appends "who read what, when, from where" for reads that must be accountable (explanations, their
 * PDFs, case timelines). Awaited before answering: a view that cannot be logged is not served. A HEAD
 * reads nothing and is not logged.
 */
export async function logRead(
  ctx: RequestContext,
  principal: SignedIn,
  entry: { workspaceId: string; action: string; target: string; details?: Record<string, unknown> },
): Promise<void> {
  if (!readsContent(ctx.request)) return;
  await appendAccessLog(ctx.runtime.handle.db, {
    workspaceId: entry.workspaceId,
    actor: actorLabel(principal),
    action: entry.action,
    target: entry.target,
    ip: clientIp(ctx.request.headers),
    details: { via: "api", ...entry.details },
  });
}
