// Validates a request's events against the contract, all or nothing: one bad event rejects the batch.
import { MAX_EVENTS_PER_REQUEST, MAX_ISSUES } from "./constants";
import { fieldIssues, humanErrorMap, type FieldIssue } from "./issues";
import { attributesProblem } from "./parts";
import { eventSchema, type WarrantEvent } from "./schema";

export { humanErrorMap, formatPath, type FieldIssue } from "./issues";

export interface EventIssue extends FieldIssue {
  /** Position of the event in the request (0-based; the line number minus one for NDJSON). */
  index: number;
}

/** The message for an event the validator itself failed on; the tests assert JSON input never gets it. */
export const UNREADABLE = "could not be read as a JSON object";

export type EventValidation = { ok: true; events: WarrantEvent[] } | { ok: false; issues: EventIssue[] };

export type SingleEventValidation = { ok: true; event: WarrantEvent } | { ok: false; issues: FieldIssue[] };

/** Checks one event; never throws. */
export function validateEvent(input: unknown, limit = MAX_ISSUES): SingleEventValidation {
  try {
    const parsed = eventSchema.safeParse(input, { error: humanErrorMap });
    // The input itself is returned, not zod's copy: the schema has no transforms, so they are equal,
    // and the ledger then hashes exactly what the client sent (key order and `__proto__` keys included).
    if (parsed.success) {
      // zod validated its copy, which has no `__proto__` key; the input may hide anything under one.
      const problem = attributesProblem((input as { attributes?: unknown }).attributes ?? {});
      if (problem !== null) return { ok: false, issues: [{ path: "attributes", message: problem }] };
      return { ok: true, event: input as WarrantEvent };
    }
    return { ok: false, issues: fieldIssues(parsed.error, limit) };
  } catch {
    // Only reachable with inputs JSON cannot produce (throwing getters, proxies).
    return { ok: false, issues: [{ path: "", message: UNREADABLE }] };
  }
}

/**
 * Validates every event of a request. Reports at most MAX_ISSUES issues and stops looking once it
 * has that many, so the cost and the size of the answer stay bounded whatever the body.
 */
export function validateEvents(input: unknown[]): EventValidation {
  if (!Array.isArray(input)) return { ok: false, issues: [{ index: 0, path: "", message: "expected an array of events" }] };
  if (input.length > MAX_EVENTS_PER_REQUEST) {
    return {
      ok: false,
      issues: [
        {
          index: MAX_EVENTS_PER_REQUEST,
          path: "",
          message: `too many events: at most ${MAX_EVENTS_PER_REQUEST} per request (got ${input.length})`,
        },
      ],
    };
  }
  const issues: EventIssue[] = [];
  for (let index = 0; index < input.length && issues.length < MAX_ISSUES; index++) {
    const result = validateEvent(input[index], MAX_ISSUES - issues.length);
    if (!result.ok) for (const issue of result.issues) issues.push({ index, ...issue });
  }
  return issues.length === 0 ? { ok: true, events: input as WarrantEvent[] } : { ok: false, issues };
}
