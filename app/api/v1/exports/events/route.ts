import { ApiError } from "@/lib/api/errors";
import { actorName } from "@/lib/api/actor";
import { readsContent } from "@/lib/api/audit";
import { requireAccess, route, workspaceFor } from "@/lib/api/handler";
import { clientIp } from "@/lib/auth/client-ip";
import { exportChunks, ExportRefusal, logExport, planExport } from "@/lib/export/plan";
import { exportQuerySchema } from "@/lib/export/query";
import { attachment, toByteStream } from "@/lib/export/stream";
import { LedgerProofError } from "@/lib/ledger/prove";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

// GET /api/v1/exports/events?format=jsonl|csv|bundle&… — a streamed export of the workspace's events (docs/verification.md).
export const GET = route(async (ctx) => {
  const principal = await requireAccess(ctx, "exports.read");
  const workspaceId = workspaceFor(ctx, principal);
  // An empty field of a plain HTML form means "no filter".
  const parsed = exportQuerySchema.safeParse(Object.fromEntries([...new URL(ctx.request.url).searchParams].filter(([, v]) => v !== "")));
  if (!parsed.success) {
    throw new ApiError(400, "invalid_query", "The query is invalid.", parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(query)", message: i.message })));
  }
  const { ledger, handle } = ctx.runtime;
  let plan;
  try {
    plan = await planExport(ledger, workspaceId, parsed.data);
  } catch (error) {
    if (ExportRefusal.is(error)) throw new ApiError(400, "invalid_query", error.message, error.field ? [{ path: error.field, message: error.message }] : undefined);
    if (LedgerProofError.is(error)) throw new ApiError(409, "ledger_mismatch", `${error.message}. No bundle can be proven until this is resolved.`);
    throw error;
  }
  // A HEAD (answered by this handler) gets the headers only: nothing is streamed, so nothing is logged
  // as exported — which also keeps it from becoming the "last bundle" the next bundle is proven against.
  const content = readsContent(ctx.request);
  if (content) await logExport(handle.db, plan, { actor: actorName(principal), ip: clientIp(ctx.request.headers), via: "api" });
  const body = content
    ? toByteStream(exportChunks(ledger, plan), (error) =>
        log.error("export failed mid-stream", { requestId: ctx.requestId, workspace: workspaceId, error: String((error as Error).message) }),
      )
    : null;
  return new Response(body, {
    headers: {
      "content-type": plan.contentType,
      "content-disposition": attachment(plan.filename),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      // For progress bars: the number of events the body will hold, and what it is bounded by.
      "x-warrant-total-events": String(plan.total),
      "x-warrant-up-to-seq": String(plan.upTo),
      ...(plan.bundle?.checkpoint ? { "x-warrant-checkpoint": String(plan.bundle.checkpoint.treeSize) } : {}),
      "access-control-expose-headers": "content-disposition, x-warrant-total-events, x-warrant-up-to-seq, x-warrant-checkpoint",
    },
  });
});
