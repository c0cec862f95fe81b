import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { requireAccess, route } from "@/lib/api/handler";
import { listAccessLog } from "@/lib/auth/access-log";
import { toAccessLogItem } from "@/lib/auth/access-log-view";

export const dynamic = "force-dynamic";

const query = z.strictObject({
  workspace: z.string().max(64).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

// GET /api/v1/access-log — who saw or changed what, newest first; an API key sees its own workspace only.
export const GET = route(async (ctx) => {
  const principal = await requireAccess(ctx, "access_log.read");
  const parsed = query.safeParse(Object.fromEntries(new URL(ctx.request.url).searchParams));
  if (!parsed.success) {
    throw new ApiError(400, "invalid_query", "The query is invalid.", parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(query)", message: i.message })));
  }
  const workspaceId = principal.kind === "apiKey" ? principal.workspaceId : parsed.data.workspace;
  const rows = await listAccessLog(ctx.runtime.handle.db, { workspaceId, before: parsed.data.before, limit: parsed.data.limit });
  const entries = rows.map(toAccessLogItem);
  return Response.json({ entries, next: entries.length === parsed.data.limit ? entries.at(-1)!.id : null });
});
