import type { NewCaseRowInput } from "./types";
import type { WarrantEvent } from "@/lib/events/schema";

/** A ledger entry as the projections see it. */
export interface ProjectedEntry {
  seq: number;
  event: WarrantEvent;
}

// Time comparisons use epoch milliseconds; ties are broken by seq so that the result does not depend
// on the order events are folded in (live ingest and rebuild must agree).
const at = (event: WarrantEvent) => Date.parse(event.occurredAt);
const earlier = (a: { ms: number; seq: number }, b: { ms: number; seq: number }) => a.ms < b.ms || (a.ms === b.ms && a.seq < b.seq);

/**
 * Folds one event into a case's state. Pure and order-insensitive for everything the KPIs read:
 * the start and the journey/channel come from the earliest event, the outcome from the latest
 * `case.outcome` (DESIGN §5).
 */
export function foldCase(state: NewCaseRowInput | null, workspaceId: string, { seq, event }: ProjectedEntry): NewCaseRowInput {
  const ms = at(event);
  const s: NewCaseRowInput = state
    ? { ...state, aiVersions: [...state.aiVersions], actions: [...state.actions] }
    : {
        workspaceId,
        caseId: event.caseId,
        startedAt: new Date(ms),
        startSeq: seq,
        journey: event.journey,
        channel: event.channel,
        customerRef: event.customerRef ?? null,
        contact: null,
        aiEngaged: false,
        handoffToHuman: false,
        outcomeStatus: null,
        outcomeAt: null,
        outcomeSeq: null,
        resolvedBy: null,
        attestedBy: null,
        reopenedCount: 0,
        aiVersions: [],
        actions: [],
        eventCount: 0,
        lastEventAt: new Date(ms),
        lastSeq: seq,
      };

  if (state && earlier({ ms, seq }, { ms: s.startedAt.getTime(), seq: s.startSeq })) {
    s.startedAt = new Date(ms);
    s.startSeq = seq;
    s.journey = event.journey;
    s.channel = event.channel;
  }
  if (!s.customerRef && event.customerRef) s.customerRef = event.customerRef;
  if (event.actor.type === "ai") {
    s.aiEngaged = true;
    const version = event.actor.version;
    if (version && !s.aiVersions.includes(version)) s.aiVersions = [...s.aiVersions, version].sort();
  }
  if ("action" in event && event.action && !s.actions.includes(event.action.name)) s.actions = [...s.actions, event.action.name].sort();

  switch (event.type) {
    case "case.opened":
      // The first contact number reported for the case is the one that counts.
      if (s.contact === null) s.contact = event.contact;
      break;
    case "handoff":
      if (event.from === "ai" && event.to === "human") s.handoffToHuman = true;
      break;
    case "case.outcome":
      if (s.outcomeAt === null || earlier({ ms: s.outcomeAt.getTime(), seq: s.outcomeSeq ?? 0 }, { ms, seq })) {
        s.outcomeStatus = event.status;
        s.outcomeAt = new Date(ms);
        s.outcomeSeq = seq;
        s.resolvedBy = event.resolvedBy ?? null;
        s.attestedBy = event.attestedBy;
      }
      break;
    case "case.reopened":
      s.reopenedCount += 1;
      break;
  }
  s.eventCount += 1;
  if (earlier({ ms: s.lastEventAt.getTime(), seq: s.lastSeq }, { ms, seq })) {
    s.lastEventAt = new Date(ms);
    s.lastSeq = seq;
  }
  return s;
}
