import { ApiError } from "@/lib/api/errors";
import { requireAccess, route, workspaceFor } from "@/lib/api/handler";
import { EventNotFoundError, proveEvent } from "@/lib/explain";

export const dynamic = "force-dynamic";

// GET /api/v1/events/{id}/proof — the event's place in the chain, its covering signed checkpoint and its RFC 6962 inclusion proof, checked.
export const GET = route<{ id: string }>(async (ctx, { id }) => {
  const workspaceId = workspaceFor(ctx, await requireAccess(ctx, "cases.read"));
  try {
    const { proof, verification } = await proveEvent(ctx.runtime.handle.db, ctx.runtime.ledger, workspaceId, id);
    return Response.json({ workspace: workspaceId, id: id.toLowerCase(), ...proof, verification });
  } catch (error) {
    if (EventNotFoundError.is(error)) throw new ApiError(404, "not_found", `No event with id '${id.slice(0, 100)}' in this workspace.`);
    throw error;
  }
});
