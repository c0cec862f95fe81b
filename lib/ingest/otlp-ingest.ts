import { ApiError } from "@/lib/api/errors";
import { MAX_EVENTS_PER_REQUEST } from "@/lib/events/constants";
import { storeEvents, type IngestService } from "./ingest";
import { mapOtlpToEvents, partialSuccessResponse, type OtlpRejectedSpan } from "./otlp";

/**
 * Stores the events an OTLP export maps to and answers in OTLP terms: 200 with partialSuccess naming
 * the spans that could not be stored. A span re-sent with changed content is rejected on its own
 * (OTLP exporters retry whole batches, so one changed span must not sink the rest).
 */
export async function ingestOtlp(service: IngestService, workspaceId: string, request: unknown) {
  const { events, rejected } = mapOtlpToEvents(request);
  if (events.length > MAX_EVENTS_PER_REQUEST) {
    throw new ApiError(413, "too_many_events", `The export maps to ${events.length} events; at most ${MAX_EVENTS_PER_REQUEST} per request (lower maxExportBatchSize).`);
  }
  let pending = events;
  const refused: OtlpRejectedSpan[] = [...rejected];
  let stored = 0;
  let duplicates = 0;
  while (pending.length > 0) {
    try {
      const result = await storeEvents(service, workspaceId, pending);
      stored = result.accepted;
      duplicates = result.duplicates;
      break;
    } catch (error) {
      if (!ApiError.is(error) || error.status !== 409) throw error;
      const conflicting = new Set((error.issues ?? []).map((issue) => pending[issue.index ?? -1]?.id));
      for (const event of pending.filter((e) => conflicting.has(e.id))) {
        const otel = (event.attributes?.otel ?? {}) as { traceId?: string; spanId?: string; spanName?: string };
        refused.push({ traceId: otel.traceId ?? "", spanId: otel.spanId ?? "", name: otel.spanName ?? event.id, reason: "this span was already stored with different content" });
      }
      if (conflicting.size === 0) throw error;
      pending = pending.filter((e) => !conflicting.has(e.id));
    }
  }
  return { response: partialSuccessResponse(refused), stored, duplicates };
}
