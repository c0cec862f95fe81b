// The query columns the ledger derives from an event. Derived from the event, never the reverse:
// verification only ever reads the hashed record (DESIGN §4). The ledger's INSERT derives the same
// columns in SQL from the stored event (ENTRY_COLUMNS in lib/ledger/append.ts): change both together;
// lib/ledger/ledger.test.ts holds them equal.
import type { Autonomy, Channel, ActorType } from "./constants";
import type { WarrantEvent } from "./schema";

export interface EventColumns {
  caseId: string;
  journey: string;
  channel: Channel;
  actorType: ActorType;
  actorId: string;
  /** `actor.version` when the actor is an AI, else null. */
  aiVersion: string | null;
  /** `action.name` of a proposal or an executed action, else null. */
  action: string | null;
  autonomy: Autonomy | null;
  confidence: number | null;
  parentId: string | null;
  /** The approval outcome, or the case outcome's status, else null. */
  outcome: string | null;
  customerRef: string | null;
  amount: number | null;
  currency: string | null;
  /** The client's string, unchanged (a JS Date would drop sub-millisecond digits and the offset). */
  occurredAt: string;
}

export function columnsOf(event: WarrantEvent): EventColumns {
  const action = "action" in event ? event.action : undefined;
  const decision = "decision" in event ? event.decision : undefined;
  return {
    caseId: event.caseId,
    journey: event.journey,
    channel: event.channel,
    actorType: event.actor.type,
    actorId: event.actor.id,
    aiVersion: event.actor.type === "ai" ? (event.actor.version ?? null) : null,
    action: action?.name ?? null,
    autonomy: event.type === "action.executed" ? event.autonomy : null,
    confidence: decision?.confidence ?? null,
    parentId: event.parentId ?? null,
    outcome: outcomeOf(event),
    customerRef: event.customerRef ?? null,
    amount: action?.amount?.value ?? null,
    currency: action?.amount?.currency ?? null,
    occurredAt: event.occurredAt,
  };
}

function outcomeOf(event: WarrantEvent): string | null {
  if (event.type === "approval.decided") return event.outcome;
  if (event.type === "case.outcome") return event.status;
  return null;
}
