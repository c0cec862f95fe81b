import { readBytes } from "@/lib/api/body";
import { requireApiKey, route } from "@/lib/api/handler";
import { MAX_REQUEST_BYTES } from "@/lib/events/constants";
import { decodeOtlpBody } from "@/lib/ingest/otlp";
import { ingestOtlp } from "@/lib/ingest/otlp-ingest";

export const dynamic = "force-dynamic";

// POST /api/v1/otlp/v1/traces — OTLP/HTTP JSON traces (gzip allowed); GenAI spans become events.
export const POST = route(async (ctx) => {
  const principal = await requireApiKey(ctx, "ingest");
  const bytes = await readBytes(ctx.request, MAX_REQUEST_BYTES);
  const decoded = await decodeOtlpBody(bytes, ctx.request.headers.get("content-encoding"), ctx.request.headers.get("content-type"));
  const { response } = await ingestOtlp(ctx.runtime.ingest, principal.workspaceId, decoded);
  return Response.json(response);
});
