import { postOtlpTraces } from "@/lib/api/ingest-routes";

export const dynamic = "force-dynamic";

// POST /api/v1/otlp/v1/traces — OTLP/HTTP JSON traces (also served on the ingest port: lib/ingest/listener.ts).
export const POST = postOtlpTraces;
