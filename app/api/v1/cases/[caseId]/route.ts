import { logRead } from "@/lib/api/audit";
import { ApiError } from "@/lib/api/errors";
import { requireAccess, route, workspaceFor } from "@/lib/api/handler";
import { caseTimeline } from "@/lib/cases/timeline";

export const dynamic = "force-dynamic";

// GET /api/v1/cases/{caseId} — the case's timeline: every event in order, with causal links; logged as a case view.
export const GET = route<{ caseId: string }>(async (ctx, { caseId }) => {
  const principal = await requireAccess(ctx, "cases.read");
  const workspaceId = workspaceFor(ctx, principal);
  const id = caseId.slice(0, 200);
  const timeline = await caseTimeline(ctx.runtime.handle.db, workspaceId, id);
  if (!timeline) throw new ApiError(404, "not_found", `No case '${id.slice(0, 100)}' in this workspace.`);
  await logRead(ctx, principal, { workspaceId, action: "case.view", target: id, details: { events: timeline.events.length } });
  return Response.json(timeline);
});
