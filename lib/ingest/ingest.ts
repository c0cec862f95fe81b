import { ApiError } from "@/lib/api/errors";
import type { WarrantEvent } from "@/lib/events/schema";
import { validateEvents } from "@/lib/events/validate";
import { LedgerConflictError } from "@/lib/ledger/append";
import type { GroupCommitter } from "./group-commit";
import { redactEvent, type RedactionRule } from "./redact";

export interface IngestService {
  committer: GroupCommitter;
  redaction: RedactionRule[];
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  events: { id: string; seq: number; hash: string; duplicate: boolean; redacted: number }[];
}

/**
 * Validates, redacts and appends one request's events, all or nothing. Throws ApiError 400 with
 * every field issue (nothing stored), or 409 naming an id already stored with another body.
 */
export async function ingestEvents(service: IngestService, workspaceId: string, raw: unknown[]): Promise<IngestResult> {
  const validation = validateEvents(raw);
  if (!validation.ok) {
    const count = new Set(validation.issues.map((i) => i.index)).size;
    throw new ApiError(
      400,
      "invalid_events",
      `${count} of ${raw.length} event${raw.length === 1 ? "" : "s"} did not match the contract; nothing was stored.`,
      validation.issues,
    );
  }
  return storeEvents(service, workspaceId, validation.events);
}

/** Redacts and appends events that already passed the contract (also used by OTLP ingestion). */
export async function storeEvents(service: IngestService, workspaceId: string, events: WarrantEvent[]): Promise<IngestResult> {
  const redacted = events.map((event) => redactEvent(event, service.redaction));
  try {
    const results = await service.committer.submit(
      workspaceId,
      redacted.map((r) => r.event),
    );
    return {
      accepted: results.filter((r) => !r.duplicate).length,
      duplicates: results.filter((r) => r.duplicate).length,
      events: results.map((r, i) => ({ id: r.id, seq: r.seq, hash: r.hash, duplicate: r.duplicate, redacted: redacted[i].masked })),
    };
  } catch (error) {
    if (LedgerConflictError.is(error)) {
      const issues = error.ids.map((id) => ({
        index: events.findIndex((e) => e.id === id),
        path: "id",
        message: `event ${id} was already stored with a different body; an id identifies one event forever`,
      }));
      throw new ApiError(409, "conflict", `Event id ${error.ids.join(", ")} was already stored with a different body; nothing was stored.`, issues);
    }
    throw error;
  }
}
