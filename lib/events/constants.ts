// Enumerations and limits of the v1 event contract (DESIGN §2). Kept apart from the zod schemas so
// that code needing only a list (a filter menu, a SQL CHECK) does not pull zod in.

export const CONTRACT_VERSION = 1 as const;

export const EVENT_TYPES = [
  "case.opened",
  "ai.proposal",
  "action.executed",
  "approval.decided",
  "action.overridden",
  "action.reversed",
  "handoff",
  "case.outcome",
  "case.reopened",
  "feedback",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Ordered from least to most AI independence; compare levels by index. */
export const AUTONOMY_LEVELS = ["assist", "approve", "supervised", "autonomous"] as const;
export type Autonomy = (typeof AUTONOMY_LEVELS)[number];

export const CHANNELS = ["chat", "voice", "email", "messaging", "web", "api", "other"] as const;
export type Channel = (typeof CHANNELS)[number];

export const ACTOR_TYPES = ["ai", "human", "system", "customer"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const APPROVAL_OUTCOMES = ["approved", "edited", "rejected", "expired"] as const;
export const HANDOFF_PARTIES = ["ai", "human"] as const;
export const HANDOFF_REASONS = [
  "customer_requested",
  "low_confidence",
  "policy_required",
  "error",
  "other",
] as const;
export const CASE_STATUSES = ["resolved", "unresolved", "abandoned"] as const;
export const RESOLVERS = ["ai", "human", "hybrid"] as const;
export const ATTESTERS = ["customer", "agent", "judge", "timeout"] as const;
export const SURVEYS = ["csat", "ces", "nps"] as const;
export const FEEDBACK_SUBJECTS = ["ai", "human", "case"] as const;

// Request limits (DESIGN §2). The ingest route answers 413 above the first two.
export const MAX_EVENTS_PER_REQUEST = 1000;
export const MAX_REQUEST_BYTES = 5 * 1024 * 1024;
export const MAX_ATTRIBUTES_BYTES = 16 * 1024;
/**
 * How deep `attributes` may nest. 16 KiB of `[` holds 8,000 levels, deep enough to exhaust the stack of
 * the recursive steps after validation (canonical JSON, the database's jsonb); real metadata is flat.
 */
export const MAX_ATTRIBUTES_DEPTH = 32;
/** validateEvents stops collecting after this many issues so a hostile body cannot inflate the answer. */
export const MAX_ISSUES = 100;

/** Upper bounds on string lengths, in UTF-16 code units (what `string.length` counts). */
export const MAX_LEN = {
  id: 200,
  timestamp: 40,
  journey: 100,
  actionName: 100,
  system: 100,
  version: 200,
  name: 200,
  label: 100,
  rationale: 4000,
  summary: 2000,
  reason: 2000,
} as const;

/** Bounds on arrays inside `decision`. */
export const MAX_EVIDENCE = 50;
export const MAX_ALTERNATIVES = 20;

/** `refund.issue`, `order.cancel`, `store_credit.issue`: dot-separated lowercase segments. */
export const ACTION_NAME_PATTERN = /^[a-z0-9_]+(?:\.[a-z0-9_]+)*$/;
/** ISO 4217 alphabetic code, e.g. EUR. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
