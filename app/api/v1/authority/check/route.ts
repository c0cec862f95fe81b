import { actorName } from "@/lib/api/actor";
import { parseJsonBody } from "@/lib/api/body";
import { requireAccess, route, workspaceFor } from "@/lib/api/handler";
import { authorityCheckRequestSchema, checkAuthority } from "@/lib/policy/authority";

export const dynamic = "force-dynamic";

// POST /api/v1/authority/check — an agent asks, before acting, the highest autonomy allowed now; the question and answer are recorded.
export const POST = route(async (ctx) => {
  const principal = await requireAccess(ctx, "authority.check");
  const workspaceId = workspaceFor(ctx, principal);
  const proposal = await parseJsonBody(ctx, authorityCheckRequestSchema);
  const answer = await checkAuthority(ctx.runtime.handle.db, workspaceId, proposal, { askedBy: actorName(principal) });
  return Response.json(answer);
});
