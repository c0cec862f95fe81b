import { appendAccessLog } from "@/lib/auth/access-log";
import { clientIp } from "@/lib/auth/client-ip";
import type { RequestContext, SignedIn } from "./handler";

/** The access log's "who" for a caller: a person's email, or `apikey:<prefix>` for a key. */
export function actorLabel(principal: SignedIn): string {
  return principal.kind === "user" ? principal.email : `apikey:${principal.prefix ?? principal.keyId}`;
}

/**
 * Appends "who read what, when, from where" for reads that must be accountable (explanations, their
 * PDFs, case timelines). Awaited before answering: a view that cannot be logged is not served.
 */
export async function logRead(
  ctx: RequestContext,
  principal: SignedIn,
  entry: { workspaceId: string; action: string; target: string; details?: Record<string, unknown> },
): Promise<void> {
  await appendAccessLog(ctx.runtime.handle.db, {
    workspaceId: entry.workspaceId,
    actor: actorLabel(principal),
    action: entry.action,
    target: entry.target,
    ip: clientIp(ctx.request.headers),
    details: { via: "api", ...entry.details },
  });
}
