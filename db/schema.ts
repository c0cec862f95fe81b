import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  interval,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

// PGlite hands back Uint8Array and postgres.js a Buffer; normalise to Buffer so hashing code sees one type.
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
  toDriver: (value) => value,
});

/**
 * The references an event names: its action's target (an order) and its evidence's refs (a parcel's
 * tracking number), what a customer quotes to a support agent. The evidence refs come as a JSON array's
 * text, whose brackets, quotes and commas the text-search parser skips: a jsonpath, not a subquery over
 * the evidence, which made every search document cost three times as much to compute. Evidence
 * summaries are left out: up to fifty of 2,000 characters each would cost the ingest path more than
 * they find.
 */
const EVENT_REFERENCES = `concat_ws(' ', body #>> '{action,target,ref}', jsonb_path_query_array(body, '$.decision.evidence[*].ref')::text)`;

/**
 * The text of an event a case search shows as its snippet: rationale, reason and references, these
 * with "/", "#" and the JSON punctuation as spaces, so that "10442" is found and marked in "order 10442".
 */
export const EVENT_SEARCH_TEXT = sql.raw(
  `concat_ws(' ', body #>> '{decision,rationale}', body ->> 'reason', translate(${EVENT_REFERENCES}, '/#[]",', '      '))`,
);

/**
 * The document a case search matches: the rationale, the reason and the references as an English
 * tsvector, the references once more with "/" and "#" as spaces, since the parser reads "order/10442"
 * as one path and a search for "10442" would miss it. Must stay IMMUTABLE: the `event_search` projection
 * stores what it computes (an event with neither rationale, reason nor reference has no row). For an
 * event without references it is the document of migration 0009, so migration 0016 recomputes only
 * the others.
 */
export const EVENT_SEARCH_DOCUMENT = sql.raw(
  `to_tsvector('english'::regconfig, concat_ws(' ', body #>> '{decision,rationale}', body ->> 'reason', ${EVENT_REFERENCES}, translate(${EVENT_REFERENCES}, '/#', '  ')))`,
);

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

// Every table that grows carries workspace_id and starts its keys with it (DESIGN §9: Citus-ready).
export const workspaces = pgTable("workspaces", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  isDemo: boolean("is_demo").notNull().default(false),
  createdAt: createdAt(),
});
export type Workspace = typeof workspaces.$inferSelect;

/**
 * The ledger. `record` is the canonical JSON that was hashed, kept verbatim; every other column is
 * derived from it at insert time and exists only to be queried. Verification reads `record` alone.
 */
export const events = pgTable(
  "events",
  {
    workspaceId: text("workspace_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    id: uuid("id").notNull(),
    type: text("type").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    caseId: text("case_id").notNull(),
    journey: text("journey").notNull(),
    channel: text("channel").notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id").notNull(),
    aiVersion: text("ai_version"),
    action: text("action"),
    autonomy: text("autonomy"),
    confidence: doublePrecision("confidence"),
    parentId: uuid("parent_id"),
    outcome: text("outcome"),
    customerRef: text("customer_ref"),
    amount: numeric("amount"),
    currency: text("currency"),
    record: text("record").notNull(),
    body: jsonb("body").notNull(),
    prevHash: bytea("prev_hash").notNull(),
    hash: bytea("hash").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.seq] }),
    uniqueIndex("events_workspace_id_id").on(t.workspaceId, t.id),
    index("events_workspace_case").on(t.workspaceId, t.caseId, t.seq),
    index("events_workspace_occurred").on(t.workspaceId, t.occurredAt),
    // Reactions and executions by the event they answer. Most events answer none (case openings,
    // proposals, outcomes, feedback): they are left out of the index rather than filed under null,
    // which every append paid for. Lookups are by a given parent, which implies "is not null".
    index("events_workspace_parent").on(t.workspaceId, t.parentId).where(sql`parent_id is not null`),
    // Case search by actor ("the cases agent_0193 touched"): without it, a scan of the workspace's events.
    index("events_workspace_actor").on(t.workspaceId, t.actorId, t.caseId),
  ],
);
export type EventRow = typeof events.$inferSelect;
export type NewEventRow = typeof events.$inferInsert;

/**
 * One row per workspace: the tip of its chain and the RFC 6962 frontier, so appends and checkpoints
 * cost O(log n). This row is the append lock (SELECT … FOR UPDATE) and is the only mutable ledger state;
 * verification never trusts it, it only compares it with what it recomputes.
 */
export const chainHeads = pgTable("chain_heads", {
  workspaceId: text("workspace_id").primaryKey(),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: bytea("hash").notNull(),
  frontier: bytea("frontier").notNull(),
  checkpointSeq: bigint("checkpoint_seq", { mode: "number" }).notNull().default(0),
  checkpointAt: timestamp("checkpoint_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type ChainHead = typeof chainHeads.$inferSelect;

/** Signed tree heads (C2SP tlog-checkpoint notes), append-only, also published outside the database. */
export const checkpoints = pgTable(
  "checkpoints",
  {
    workspaceId: text("workspace_id").notNull(),
    treeSize: bigint("tree_size", { mode: "number" }).notNull(),
    rootHash: bytea("root_hash").notNull(),
    keyId: text("key_id").notNull(),
    note: text("note").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.treeSize] })],
);
export type Checkpoint = typeof checkpoints.$inferSelect;

/** Who saw or changed what. Append-only like the ledger; ids may have gaps, order is by id. */
export const accessLog = pgTable(
  "access_log",
  {
    workspaceId: text("workspace_id").notNull(),
    id: bigserial("id", { mode: "number" }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    ip: text("ip"),
    details: jsonb("details"),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index("access_log_workspace_at").on(t.workspaceId, t.at)],
);
export type AccessLogEntry = typeof accessLog.$inferSelect;

/** API keys are stored as SHA-256 of the secret; `prefix` lets people recognise a key without revealing it. */
export const apiKeys = pgTable(
  "api_keys",
  {
    workspaceId: text("workspace_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    secretHash: bytea("secret_hash").notNull(),
    scopes: text("scopes").array().notNull(),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex("api_keys_secret_hash").on(t.secretHash)],
);
export type ApiKey = typeof apiKeys.$inferSelect;

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash"),
  role: text("role").notNull(),
  active: boolean("active").notNull().default(true),
  failedSignIns: integer("failed_sign_ins").notNull().default(0),
  createdAt: createdAt(),
});
export type User = typeof users.$inferSelect;

/**
 * Projection: one row per case, folded from its events at ingest (lib/projections). Rebuildable from
 * the ledger at any time (`npx warrant rebuild`), so it may be updated, unlike the ledger.
 */
export const cases = pgTable(
  "cases",
  {
    workspaceId: text("workspace_id").notNull(),
    caseId: text("case_id").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    startSeq: bigint("start_seq", { mode: "number" }).notNull(),
    journey: text("journey").notNull(),
    channel: text("channel").notNull(),
    customerRef: text("customer_ref"),
    contact: integer("contact"),
    aiEngaged: boolean("ai_engaged").notNull().default(false),
    handoffToHuman: boolean("handoff_to_human").notNull().default(false),
    outcomeStatus: text("outcome_status"),
    outcomeAt: timestamp("outcome_at", { withTimezone: true }),
    outcomeSeq: bigint("outcome_seq", { mode: "number" }),
    resolvedBy: text("resolved_by"),
    attestedBy: text("attested_by"),
    reopenedCount: integer("reopened_count").notNull().default(0),
    /** The version of the case's earliest AI event that names one: the case's AI version for KPI filters. */
    aiVersion: text("ai_version"),
    /** Reason of the case's first handoff from AI to human (escalation.byReason); null when none. */
    escalationReason: text("escalation_reason"),
    /** Instants of every `case.outcome` with status resolved, and of every `case.reopened` ("came back"). */
    resolvedAt: timestamp("resolved_at", { withTimezone: true }).array().notNull().default(sql`'{}'`),
    reopenedAt: timestamp("reopened_at", { withTimezone: true }).array().notNull().default(sql`'{}'`),
    /**
     * The shortest time from one of `resolved_at` to the next reopen of the case or repeat contact of its
     * customer about its journey; null when none followed. A resolved case "came back" within a window
     * exactly when this is at most the window (lib/projections/came-back.ts keeps it current).
     */
    cameBackAfter: interval("came_back_after"),
    /** CSAT answers on the case, and those in the top two points of their scale. */
    csatAnswered: integer("csat_answered").notNull().default(0),
    csatGood: integer("csat_good").notNull().default(0),
    aiVersions: text("ai_versions").array().notNull(),
    /** Every action named in the case, whoever proposed or carried it out (the search's action filter). */
    actions: text("actions").array().notNull(),
    /**
     * The actions the AI itself proposed and carried out. `actions` also holds what people and systems
     * did, which the case list must not credit to the AI.
     */
    aiProposed: text("ai_proposed").array().notNull().default(sql`'{}'`),
    aiExecuted: text("ai_executed").array().notNull().default(sql`'{}'`),
    eventCount: integer("event_count").notNull(),
    lastEventAt: timestamp("last_event_at", { withTimezone: true }).notNull(),
    lastSeq: bigint("last_seq", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.caseId] }),
    index("cases_workspace_started").on(t.workspaceId, t.startedAt),
    index("cases_workspace_customer").on(t.workspaceId, t.customerRef, t.journey),
    index("cases_workspace_last_event").on(t.workspaceId, t.lastEventAt),
  ],
);
export type CaseRow = typeof cases.$inferSelect;

/** Projection: additive event counts per UTC day and dimension, for volume and autonomy-mix charts. */
export const dailyActivity = pgTable(
  "daily_activity",
  {
    workspaceId: text("workspace_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    journey: text("journey").notNull(),
    channel: text("channel").notNull(),
    type: text("type").notNull(),
    actorType: text("actor_type").notNull(),
    aiVersion: text("ai_version").notNull().default(""),
    action: text("action").notNull().default(""),
    autonomy: text("autonomy").notNull().default(""),
    events: integer("events").notNull(),
  },
  (t) => [
    primaryKey({
      name: "daily_activity_pk",
      columns: [t.workspaceId, t.day, t.journey, t.channel, t.type, t.actorType, t.aiVersion, t.action, t.autonomy],
    }),
  ],
);
export type DailyActivityRow = typeof dailyActivity.$inferSelect;

/**
 * Projection: one row per AI decision — an `ai.proposal` or an `action.executed` by an AI — with what
 * happened to it afterwards (latest approval, overrides, reversals, also of a proposal's executions)
 * and the policy verdict given at ingest. Recomputed from the ledger whenever the decision or a
 * reaction to it is appended (lib/projections/decisions.ts); the action KPIs read it (lib/metrics/sql*).
 */
export const aiDecisions = pgTable(
  "ai_decisions",
  {
    workspaceId: text("workspace_id").notNull(),
    eventId: uuid("event_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    caseId: text("case_id").notNull(),
    /** "proposal" or "action". */
    kind: text("kind").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    journey: text("journey").notNull(),
    channel: text("channel").notNull(),
    aiVersion: text("ai_version"),
    action: text("action").notNull(),
    autonomy: text("autonomy"),
    confidence: doublePrecision("confidence"),
    amount: numeric("amount"),
    currency: text("currency"),
    /** A proposal's latest `approval.decided` outcome (by occurredAt, then seq); null when undecided. */
    approval: text("approval"),
    approvalAt: timestamp("approval_at", { withTimezone: true }),
    /** Seconds the reviewer took (latencyMs, else proposal → decision, never below 0); null unless decided and not expired. */
    reviewSeconds: doublePrecision("review_seconds"),
    /** An `action.overridden` answers the decision or one of its executions. */
    overridden: boolean("overridden").notNull(),
    /** An `action.reversed` answers the action itself (actions only). */
    reversed: boolean("reversed").notNull(),
    /** An `action.reversed` answers the decision or one of its executions. */
    reversedAny: boolean("reversed_any").notNull(),
    /** Why a human disagreed: the rejecting or editing reviewer's reason, else the first override's. */
    disagreementReason: text("disagreement_reason"),
    /** lib/policy's verdict at ingest: within, breach or none (null: not judged, counts as none). */
    policyCheck: text("policy_check"),
    policyVersion: integer("policy_version"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.eventId] }),
    index("ai_decisions_workspace_occurred").on(t.workspaceId, t.occurredAt),
  ],
);
export type AiDecisionRow = typeof aiDecisions.$inferSelect;

/** Projection: every `handoff` event, for context carried and handoff reasons. Append-only like its source. */
export const handoffs = pgTable(
  "handoffs",
  {
    workspaceId: text("workspace_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    eventId: uuid("event_id").notNull(),
    caseId: text("case_id").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    journey: text("journey").notNull(),
    channel: text("channel").notNull(),
    actorType: text("actor_type").notNull(),
    aiVersion: text("ai_version"),
    from: text("from_party").notNull(),
    to: text("to_party").notNull(),
    reason: text("reason").notNull(),
    contextTransferred: boolean("context_transferred").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.seq] }), index("handoffs_workspace_occurred").on(t.workspaceId, t.occurredAt)],
);
export type HandoffRow = typeof handoffs.$inferSelect;

/**
 * Projection: every `case.opened` with `contact > 1` that names a customer — the repeat contacts that
 * make an earlier resolution of the same customer and journey "come back" (docs/metrics.md).
 */
export const repeatContacts = pgTable(
  "repeat_contacts",
  {
    workspaceId: text("workspace_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    caseId: text("case_id").notNull(),
    customerRef: text("customer_ref").notNull(),
    journey: text("journey").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.seq] }),
    index("repeat_contacts_customer").on(t.workspaceId, t.customerRef, t.journey, t.occurredAt),
  ],
);
export type RepeatContactRow = typeof repeatContacts.$inferSelect;

// KPI rollups (docs/metrics.md, "Rollups"): additive counts per UTC day and dimension, kept by triggers
// on the projections they summarise (migration 0011), so every write of a case, decision or handoff —
// live ingest, a late reaction, a rebuild — moves its counts in the same statement. The dashboards read
// these instead of the per-case and per-decision rows whenever a query is whole UTC days with the default
// "came back" window (lib/metrics/sql-rollups.ts). An AI version of '' is "none".
const rollupCount = (name: string) => integer(name).notNull().default(0);
/** The key every rollup starts with: the UTC day and the dimensions a dashboard filters by. */
const rollupDimensions = () => ({
  workspaceId: text("workspace_id").notNull(),
  day: date("day", { mode: "string" }).notNull(),
  journey: text("journey").notNull(),
  channel: text("channel").notNull(),
  aiVersion: text("ai_version").notNull(),
});

/** Per case start day × journey × channel × AI version: the counts behind every case KPI (window 7 days). */
export const caseRollups = pgTable(
  "case_rollups",
  {
    ...rollupDimensions(),
    cases: rollupCount("cases"),
    aiEngaged: rollupCount("ai_engaged"),
    contained: rollupCount("contained"),
    escalated: rollupCount("escalated"),
    escCustomerRequested: rollupCount("esc_customer_requested"),
    escLowConfidence: rollupCount("esc_low_confidence"),
    escPolicyRequired: rollupCount("esc_policy_required"),
    escError: rollupCount("esc_error"),
    escOther: rollupCount("esc_other"),
    engagedClosed: rollupCount("engaged_closed"),
    aiResolvedHolding: rollupCount("ai_resolved_holding"),
    containedClosed: rollupCount("contained_closed"),
    hollow: rollupCount("hollow"),
    firstContactClosed: rollupCount("first_contact_closed"),
    firstContactResolved: rollupCount("first_contact_resolved"),
    resolved: rollupCount("resolved"),
    cameBack: rollupCount("came_back"),
    confirmed: rollupCount("confirmed"),
    csatAiGood: rollupCount("csat_ai_good"),
    csatAiAnswered: rollupCount("csat_ai_answered"),
    csatHumanGood: rollupCount("csat_human_good"),
    csatHumanAnswered: rollupCount("csat_human_answered"),
  },
  (t) => [primaryKey({ name: "case_rollups_pk", columns: [t.workspaceId, t.day, t.journey, t.channel, t.aiVersion] })],
);

/** Per decision day × journey × channel × AI version × action × currency ('' when none): the action KPIs' counts. */
export const decisionRollups = pgTable(
  "decision_rollups",
  {
    ...rollupDimensions(),
    action: text("action").notNull(),
    currency: text("currency").notNull(),
    decisions: rollupCount("decisions"),
    decided: rollupCount("decided"),
    approved: rollupCount("approved"),
    edited: rollupCount("edited"),
    rejected: rollupCount("rejected"),
    openToReview: rollupCount("open_to_review"),
    overridden: rollupCount("overridden"),
    /** Decided, non-expired proposals with a review time (the review-latency count). */
    reviewed: rollupCount("reviewed"),
    executed: rollupCount("executed"),
    reversed: rollupCount("reversed"),
    breached: rollupCount("breached"),
    autonomyAssist: rollupCount("autonomy_assist"),
    autonomyApprove: rollupCount("autonomy_approve"),
    autonomySupervised: rollupCount("autonomy_supervised"),
    autonomyAutonomous: rollupCount("autonomy_autonomous"),
    /** AI-executed actions with an amount, their total and the reversed part (exact decimals). */
    priced: rollupCount("priced"),
    amountTotal: numeric("amount_total").notNull().default("0"),
    amountReversed: numeric("amount_reversed").notNull().default("0"),
  },
  (t) => [
    primaryKey({ name: "decision_rollups_pk", columns: [t.workspaceId, t.day, t.journey, t.channel, t.aiVersion, t.action, t.currency] }),
  ],
);

/** Decisions open to review with a confidence, per day × dimensions × band (calibration). */
export const bandRollups = pgTable(
  "band_rollups",
  {
    ...rollupDimensions(),
    action: text("action").notNull(),
    band: integer("band").notNull(),
    count: rollupCount("count"),
    correct: rollupCount("correct"),
    /** Σ confidence as numeric, so a decision counted and later taken back cancels exactly. */
    confidenceSum: numeric("confidence_sum").notNull().default("0"),
  },
  (t) => [primaryKey({ name: "band_rollups_pk", columns: [t.workspaceId, t.day, t.journey, t.channel, t.aiVersion, t.action, t.band] })],
);

/** Handoffs from AI to a human per day × journey × channel × AI version × reason, and those that carried the context. */
export const handoffRollups = pgTable(
  "handoff_rollups",
  {
    ...rollupDimensions(),
    reason: text("reason").notNull(),
    toHuman: rollupCount("to_human"),
    withContext: rollupCount("with_context"),
  },
  (t) => [primaryKey({ name: "handoff_rollups_pk", columns: [t.workspaceId, t.day, t.journey, t.channel, t.aiVersion, t.reason] })],
);

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * Projection: the full-text document (EVENT_SEARCH_DOCUMENT) of every event that carries a rationale or
 * a reason, for case search. A narrow table of its own rather than an expression index on `events`:
 * the index gave the matching events, but each hit then fetched a 1.2 KB ledger row for its case id and
 * recomputed the tsvector, and a search with filters walked cases probing their events (330–390 ms on a
 * million events; docs/benchmarks.md).
 */
export const eventSearch = pgTable(
  "event_search",
  {
    workspaceId: text("workspace_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    caseId: text("case_id").notNull(),
    document: tsvector("document").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.seq] }),
    index("event_search_case").on(t.workspaceId, t.caseId, t.seq),
    index("event_search_document").using("gin", t.document),
  ],
);

/**
 * Decision-authority policies (lib/policy), one row per version. Append-only: an edit or a kill switch
 * appends a new version, so what was in force at any moment can always be shown. `document` is the
 * validated policy; lib/policy re-validates it on read.
 */
export const policyVersions = pgTable(
  "policy_versions",
  {
    workspaceId: text("workspace_id").notNull(),
    version: integer("version").notNull(),
    effectiveFrom: timestamp("effective_from", { withTimezone: true }).notNull(),
    document: jsonb("document").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    reason: text("reason").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.version] }),
    index("policy_versions_workspace_effective").on(t.workspaceId, t.effectiveFrom),
  ],
);
export type PolicyVersionRow = typeof policyVersions.$inferSelect;

/**
 * Every question an agent asked before acting (POST /api/v1/authority/check) and the answer it got.
 * Append-only. A table of its own rather than access_log: agents ask once per action, so it grows
 * like the ledger, and the Trust page queries it by action and answer.
 */
export const authorityChecks = pgTable(
  "authority_checks",
  {
    workspaceId: text("workspace_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    askedBy: text("asked_by").notNull(),
    action: text("action").notNull(),
    journey: text("journey"),
    amount: numeric("amount"),
    currency: text("currency"),
    confidence: doublePrecision("confidence"),
    requestedAutonomy: text("requested_autonomy"),
    allowedAutonomy: text("allowed_autonomy"),
    policyVersion: integer("policy_version"),
    request: jsonb("request").notNull(),
    answer: jsonb("answer").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index("authority_checks_workspace_at").on(t.workspaceId, t.at)],
);
export type AuthorityCheckRow = typeof authorityChecks.$inferSelect;

/**
 * Every run of ledger verification (the compliance page, POST /api/v1/ledger/verify, `npx warrant
 * verify`): who ran it, when, and what it found. Append-only: a verification result is a fact that
 * an auditor may ask for later, so it is never rewritten.
 */
export const verifications = pgTable(
  "verifications",
  {
    workspaceId: text("workspace_id").notNull(),
    id: bigserial("id", { mode: "number" }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }).notNull().defaultNow(),
    /** An email for a person, `apikey:<prefix>` for a key, `cli` for the command line. */
    actor: text("actor").notNull(),
    via: text("via").notNull(),
    ok: boolean("ok").notNull(),
    checked: bigint("checked", { mode: "number" }).notNull(),
    headSeq: bigint("head_seq", { mode: "number" }).notNull(),
    headHash: text("head_hash").notNull(),
    checkpointsVerified: integer("checkpoints_verified").notNull(),
    firstBadSeq: bigint("first_bad_seq", { mode: "number" }),
    kind: text("kind"),
    reason: text("reason"),
    warnings: text("warnings").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index("verifications_workspace_finished").on(t.workspaceId, t.finishedAt)],
);
export type VerificationRow = typeof verifications.$inferSelect;
