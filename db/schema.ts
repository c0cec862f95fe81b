import {
  bigint,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

// PGlite hands back Uint8Array and postgres.js a Buffer; normalise to Buffer so hashing code sees one type.
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
  toDriver: (value) => value,
});

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
    index("events_workspace_parent").on(t.workspaceId, t.parentId),
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
