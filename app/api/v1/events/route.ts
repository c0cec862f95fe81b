import { postEvents } from "@/lib/api/ingest-routes";

export const dynamic = "force-dynamic";

// POST /api/v1/events — one event, an array, or NDJSON (also served on the ingest port: lib/ingest/listener.ts).
export const POST = postEvents;
