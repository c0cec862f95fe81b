import { desc, eq } from "drizzle-orm";
import { checkpoints } from "@/db/schema";
import { requireAccess, route, workspaceFor } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

// GET /api/v1/ledger/checkpoints — the workspace's signed tree heads, newest first (a session picks it with ?workspace=).
export const GET = route(async (ctx) => {
  const workspaceId = workspaceFor(ctx, await requireAccess(ctx, "ledger.read"));
  const rows = await ctx.runtime.handle.db
    .select()
    .from(checkpoints)
    .where(eq(checkpoints.workspaceId, workspaceId))
    .orderBy(desc(checkpoints.treeSize))
    .limit(1000);
  return Response.json({
    workspace: workspaceId,
    checkpoints: rows.map((cp) => ({
      treeSize: Number(cp.treeSize),
      rootHash: cp.rootHash.toString("base64"),
      keyId: cp.keyId,
      createdAt: cp.createdAt.toISOString(),
      note: cp.note,
    })),
  });
});
