// Policy versions in the database: append a version, read them back, and the kill switch. There is
// no update or delete helper; the table refuses both (db/migrations/0004_policies_append_only.sql).
import { and, asc, desc, eq, lte, sql } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { accessLog, policyVersions, type PolicyVersionRow } from "@/db/schema";
import { PolicyValidationError, validatePolicy } from "./load";
import { policyInForceAt } from "./evaluate";
import type { Autonomy } from "@/lib/events/constants";
import { patternSchema, policyDocumentSchema, type PolicyDocument, type PolicyVersion } from "./schema";

// Serialises appends per workspace so versions stay gapless (the primary key is the backstop).
const POLICY_LOCK = 0x706f_6c79; // "poly"

export interface NewPolicyVersion {
  document: unknown;
  /** Default: now. May lie in the past (imports, the demo); `createdAt` still shows when it was written. */
  effectiveFrom?: Date;
  createdBy: string;
  reason: string;
}

function toVersion(row: PolicyVersionRow): PolicyVersion {
  return {
    workspaceId: row.workspaceId,
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    // Stored documents were validated on the way in; parsing again guards against hand-made rows.
    document: policyDocumentSchema.parse(row.document),
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    reason: row.reason,
  };
}

/** Every version of a workspace's policy, oldest first; feed it to `policyInForceAt`. */
export async function listPolicyVersions(db: Executor, workspaceId: string): Promise<PolicyVersion[]> {
  const rows = await db.select().from(policyVersions).where(eq(policyVersions.workspaceId, workspaceId)).orderBy(asc(policyVersions.version));
  return rows.map(toVersion);
}

/** The version in force at `at` (see `policyInForceAt` for the rule), read with one indexed query. */
export async function policyVersionAt(db: Executor, workspaceId: string, at: Date): Promise<PolicyVersion | null> {
  const [row] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.workspaceId, workspaceId), lte(policyVersions.effectiveFrom, at)))
    .orderBy(desc(policyVersions.version))
    .limit(1);
  return row ? toVersion(row) : null;
}

/** Validates and appends a new version; returns it with its number. Throws PolicyValidationError. */
export async function appendPolicyVersion(db: Database, workspaceId: string, input: NewPolicyVersion): Promise<PolicyVersion> {
  return db.transaction((tx) => appendInTransaction(tx, workspaceId, input));
}

async function appendInTransaction(tx: Executor, workspaceId: string, input: NewPolicyVersion): Promise<PolicyVersion> {
  const checked = validatePolicy(input.document);
  if (!checked.ok) throw new PolicyValidationError(checked.issues);
  if (!input.createdBy.trim() || !input.reason.trim()) throw new Error("a policy change needs who made it (createdBy) and why (reason)");
  await tx.execute(sql`select pg_advisory_xact_lock(${POLICY_LOCK}, hashtext(${workspaceId}))`);
  const [last] = await tx
    .select({ version: policyVersions.version })
    .from(policyVersions)
    .where(eq(policyVersions.workspaceId, workspaceId))
    .orderBy(desc(policyVersions.version))
    .limit(1);
  const [row] = await tx
    .insert(policyVersions)
    .values({
      workspaceId,
      version: (last?.version ?? 0) + 1,
      effectiveFrom: input.effectiveFrom ?? new Date(),
      document: checked.policy,
      createdBy: input.createdBy,
      reason: input.reason,
    })
    .returning();
  return toVersion(row);
}

export interface KillSwitchOptions {
  /** Who pulled it (a user id or e-mail); recorded in the version and the access log. */
  by: string;
  reason: string;
  /** Default: now. The new version is effective from this instant. */
  at?: Date;
}

/**
 * The kill switch: appends a version, effective at once, in which every action matching `pattern`
 * is capped at `assist` (the AI may only suggest), however specific the rules that grant more.
 * It builds on the version in force now; with no policy at all, it starts one that leaves every
 * other action unrestricted, as it was. Also written to the access log.
 */
export function lowerToAssist(db: Database, workspaceId: string, pattern: string, options: KillSwitchOptions): Promise<PolicyVersion> {
  return changeCap(db, workspaceId, pattern, "assist", options);
}

/** Lifts a cap that `lowerToAssist` (or a file) put on exactly `pattern`, in a new version effective now. */
export function liftCap(db: Database, workspaceId: string, pattern: string, options: KillSwitchOptions): Promise<PolicyVersion> {
  return changeCap(db, workspaceId, pattern, null, options);
}

async function changeCap(db: Database, workspaceId: string, pattern: string, level: Autonomy | null, options: KillSwitchOptions) {
  const valid = patternSchema.safeParse(pattern);
  if (!valid.success) throw new PolicyValidationError([{ path: "pattern", message: valid.error.issues[0].message }]);
  const at = options.at ?? new Date();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${POLICY_LOCK}, hashtext(${workspaceId}))`);
    const current = policyInForceAt(await listPolicyVersions(tx, workspaceId), at);
    const base: PolicyDocument = current?.document ?? {
      id: "decision-authority",
      rules: [{ pattern: "*", maxAutonomy: "autonomous", note: "Started by the kill switch: no policy was in force, so nothing else is restricted." }],
    };
    const others = (base.caps ?? []).filter((c) => c.pattern !== pattern);
    if (level === null && others.length === (base.caps ?? []).length) throw new Error(`no cap on ${pattern} to lift`);
    const caps = level === null ? others : [...others, { pattern, maxAutonomy: level, reason: options.reason, by: options.by, at: at.toISOString() }];
    const document: PolicyDocument = { ...base, caps };
    const action = level === null ? "policy.cap_lifted" : "policy.lowered_to_assist";
    const version = await appendInTransaction(tx, workspaceId, {
      document,
      effectiveFrom: at,
      createdBy: options.by,
      reason: level === null ? `lifted the cap on ${pattern}: ${options.reason}` : `kill switch on ${pattern}: ${options.reason}`,
    });
    await tx.insert(accessLog).values({
      workspaceId,
      at,
      actor: options.by,
      action,
      target: pattern,
      details: { policyVersion: version.version, reason: options.reason },
    });
    return version;
  });
}
