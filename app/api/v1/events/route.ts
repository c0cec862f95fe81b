import { requireApiKey, route } from "@/lib/api/handler";
import { ingestEvents } from "@/lib/ingest/ingest";
import { readEventsBody } from "@/lib/ingest/parse";

export const dynamic = "force-dynamic";

// POST /api/v1/events — one event, an array, or NDJSON; stored all together or not at all.
export const POST = route(async (ctx) => {
  const principal = await requireApiKey(ctx, "ingest");
  const raw = await readEventsBody(ctx.request);
  const result = await ingestEvents(ctx.runtime.ingest, principal.workspaceId, raw);
  return Response.json(result);
});
