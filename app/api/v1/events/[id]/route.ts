import { ApiError } from "@/lib/api/errors";
import { requireAccess, route, workspaceFor } from "@/lib/api/handler";
import { getStoredEvent } from "@/lib/ledger/read";

export const dynamic = "force-dynamic";

// GET /api/v1/events/{id} — one stored event with its seq, hash, previous hash and hashed record.
export const GET = route<{ id: string }>(async (ctx, { id }) => {
  const workspaceId = workspaceFor(ctx, await requireAccess(ctx, "cases.read"));
  const stored = await getStoredEvent(ctx.runtime.handle.db, workspaceId, id);
  if (!stored) throw new ApiError(404, "not_found", `No event with id '${id.slice(0, 100)}' in this workspace.`);
  return Response.json(stored);
});
