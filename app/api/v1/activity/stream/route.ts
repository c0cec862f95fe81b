import { requireAccess, route, workspaceFor } from "@/lib/api/handler";
import { activitySince, recentActivity } from "@/lib/cases/activity";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const POLL_MS = 1000;
const HEARTBEAT_MS = 15_000;
// EventSource reconnects by itself with Last-Event-ID; closing now and then keeps proxies and idle timeouts happy.
const MAX_STREAM_MS = 10 * 60_000;

// GET /api/v1/activity/stream — server-sent events: AI decisions and people countermanding them, as they are appended.
export const GET = route(async (ctx) => {
  const workspaceId = workspaceFor(ctx, await requireAccess(ctx, "cases.read"));
  const db = ctx.runtime.handle.db;
  const url = new URL(ctx.request.url);
  const resume = Number(ctx.request.headers.get("last-event-id") ?? url.searchParams.get("after") ?? Number.NaN);
  const signal = ctx.request.signal;
  const encoder = new TextEncoder();

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        try {
          controller.close();
        } catch {}
      };
      signal?.addEventListener("abort", close);
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const started = Date.now();
      let lastBeat = started;
      let after = Number.isSafeInteger(resume) && resume >= 0 ? resume : -1;
      send(`retry: 3000\n\n`);
      while (!closed && Date.now() - started < MAX_STREAM_MS) {
        try {
          const page = after < 0 ? await recentActivity(db, workspaceId, 50) : await activitySince(db, workspaceId, after, 200);
          if (page.items.length > 0 || after < 0) {
            send(`id: ${page.lastSeq}\nevent: activity\ndata: ${JSON.stringify({ items: page.items, skipped: page.skipped })}\n\n`);
            lastBeat = Date.now();
          }
          after = page.lastSeq;
        } catch (error) {
          log.warn("activity stream poll failed", { requestId: ctx.requestId, error: (error as Error).message });
        }
        if (Date.now() - lastBeat > HEARTBEAT_MS) {
          send(`: keep-alive\n\n`);
          lastBeat = Date.now();
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      close();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
  });
});
