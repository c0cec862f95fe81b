import { z } from "zod";
import { actorName } from "@/lib/api/actor";
import { parseJsonBody } from "@/lib/api/body";
import { requireAccess, route, workspaceFor } from "@/lib/api/handler";
import { toByteStream } from "@/lib/export/stream";
import { runVerification } from "@/lib/ledger/verification-runs";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

const verifyRequest = z.strictObject({}).optional();

// POST /api/v1/ledger/verify — recompute the workspace's chain (the key's own; a session's ?workspace=) and check every checkpoint.
// With `Accept: application/x-ndjson` it streams {"type":"progress",checked,total} lines, then {"type":"result",…}.
export const POST = route(async (ctx) => {
  const principal = await requireAccess(ctx, "ledger.read");
  const workspaceId = workspaceFor(ctx, principal);
  await parseJsonBody(ctx, verifyRequest, { optional: true });
  const who = { actor: actorName(principal), via: "api" as const };
  if (!/application\/x-ndjson/i.test(ctx.request.headers.get("accept") ?? "")) {
    const { result } = await runVerification(ctx.runtime.ledger, workspaceId, who);
    return Response.json(result);
  }
  const ledger = ctx.runtime.ledger;
  async function* lines() {
    const queue: string[] = [];
    let wake: (() => void) | null = null;
    let finished = false;
    const push = (value: unknown) => {
      queue.push(`${JSON.stringify(value)}\n`);
      wake?.();
    };
    const via = principal.kind === "user" ? ("page" as const) : ("api" as const);
    const run = runVerification(ledger, workspaceId, { ...who, via }, (p) => push({ type: "progress", ...p }))
      .then(({ result, run }) => push({ type: "result", ...result, run }))
      .catch((error: Error) => {
        log.error("verification failed", { requestId: ctx.requestId, workspace: workspaceId, error: error.message });
        push({ type: "error", message: `Verification could not run; quote request id ${ctx.requestId} when reporting it.` });
      })
      .finally(() => {
        finished = true;
        wake?.();
      });
    while (!finished || queue.length > 0) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      if (queue.length > 0) yield queue.splice(0).join("");
    }
    await run;
  }
  return new Response(toByteStream(lines()), { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
});
