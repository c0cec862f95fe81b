import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { requireAccess, route, workspaceFor } from "@/lib/api/handler";
import { listVerifications } from "@/lib/ledger/verification-runs";

export const dynamic = "force-dynamic";

const query = z.strictObject({
  workspace: z.string().max(64).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(20),
});

// GET /api/v1/ledger/verifications — past verification runs of the workspace (who, when, result), newest first.
export const GET = route(async (ctx) => {
  const workspaceId = workspaceFor(ctx, await requireAccess(ctx, "ledger.read"));
  const parsed = query.safeParse(Object.fromEntries(new URL(ctx.request.url).searchParams));
  if (!parsed.success) {
    throw new ApiError(400, "invalid_query", "The query is invalid.", parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(query)", message: i.message })));
  }
  const runs = await listVerifications(ctx.runtime.handle.db, workspaceId, parsed.data);
  return Response.json({ workspace: workspaceId, verifications: runs, next: runs.length === parsed.data.limit ? runs.at(-1)!.id : null });
});
