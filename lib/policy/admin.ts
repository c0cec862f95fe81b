// Policy changes made by people, from Settings → Policies and the admin API (/api/v1/policies):
// checked, appended as a new version, and written to the access log in the same transaction. The kill
// switch and lifting a cap go through store.ts, which writes their access-log entries itself.
// Authorisation happens before, in the caller (requirePermission, requireAccess).
import { eq } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { workspaces } from "@/db/schema";
import { appendAccessLog } from "@/lib/auth/access-log";
import { AdminError } from "@/lib/auth/admin";
import { PolicyValidationError, parsePolicy, type PolicyParse, validatePolicy } from "./load";
import { policyInForceAt } from "./evaluate";
import { patternSchema, type PolicyDocument, type PolicyVersion } from "./schema";
import { appendPolicyVersion, liftCap, listPolicyVersions, lowerToAssist, policyVersionAt } from "./store";

/** Who changes the policy, from where, and through which door (recorded in the access log). */
export interface PolicyActor {
  /** A person's email, or `apikey:<prefix>`. */
  by: string;
  ip?: string | null;
  via: "page" | "api";
}

/**
 * A change refused for a reason the person can act on. An AdminError, so the settings forms show it
 * like every other refused change; `status` is what the API answers with.
 */
export class PolicyChangeRefused extends AdminError {
  constructor(
    message: string,
    readonly status: 404 | 409,
    readonly code: "not_found" | "conflict",
    field?: string,
  ) {
    super(message, field);
  }
  // By shape rather than instanceof: Next may load this module once per server bundle.
  static isRefusal(error: unknown): error is PolicyChangeRefused {
    return AdminError.is(error) && typeof (error as { status?: unknown }).status === "number";
  }
}

/**
 * Reads pasted or uploaded policy text: text whose first character (after blank lines and `#`
 * comments) is `{` is read strictly as JSON, anything else as YAML. Issues carry line and column.
 */
export function parsePolicyText(source: string): PolicyParse {
  const first = source.split("\n").map((line) => line.trim()).find((line) => line !== "" && !line.startsWith("#"));
  return parsePolicy(source, first?.startsWith("{") ? "json" : "yaml");
}

export interface PublishInput {
  /** The document as text (YAML or JSON; issues then carry line and column) or as a parsed JSON value. */
  document: string | Record<string, unknown>;
  reason: string;
  /** Default: now. May lie in the past (an import) or the future (a scheduled change). */
  effectiveFrom?: Date;
}

/** Validates and publishes a new version of a workspace's policy. Throws PolicyValidationError or PolicyChangeRefused. */
export async function publishPolicyBy(db: Database, actor: PolicyActor, workspaceId: string, input: PublishInput): Promise<PolicyVersion> {
  const checked = typeof input.document === "string" ? parsePolicyText(input.document) : validatePolicy(input.document);
  if (!checked.ok) throw new PolicyValidationError(checked.issues);
  return db.transaction(async (tx) => {
    await assertWorkspace(tx, workspaceId);
    // A transaction is a Database too: the append runs in a savepoint of this one.
    const version = await appendPolicyVersion(tx, workspaceId, {
      document: checked.policy,
      effectiveFrom: input.effectiveFrom,
      createdBy: actor.by,
      reason: input.reason,
    });
    await appendAccessLog(tx, {
      workspaceId,
      actor: actor.by,
      action: "policy.published",
      target: `${version.document.id} v${version.version}`,
      ip: actor.ip,
      details: { policyVersion: version.version, effectiveFrom: version.effectiveFrom.toISOString(), reason: input.reason, via: actor.via },
    });
    return version;
  });
}

export interface CapInput {
  pattern: string;
  reason: string;
}

/** The kill switch: caps every action matching `pattern` at assist, effective now. */
export async function lowerToAssistBy(db: Database, actor: PolicyActor, workspaceId: string, input: CapInput): Promise<PolicyVersion> {
  checkPattern(input.pattern);
  await assertWorkspace(db, workspaceId);
  return lowerToAssist(db, workspaceId, input.pattern, { by: actor.by, reason: input.reason });
}

/** Lifts the cap on exactly `pattern`, effective now. 409 when the policy in force has none. */
export async function liftCapBy(db: Database, actor: PolicyActor, workspaceId: string, input: CapInput): Promise<PolicyVersion> {
  checkPattern(input.pattern);
  await assertWorkspace(db, workspaceId);
  const noCap = () => new PolicyChangeRefused(`The policy in force has no cap on ${input.pattern} to lift.`, 409, "conflict", "pattern");
  const current = await policyVersionAt(db, workspaceId, new Date());
  if (!current?.document.caps?.some((cap) => cap.pattern === input.pattern)) throw noCap();
  try {
    return await liftCap(db, workspaceId, input.pattern, { by: actor.by, reason: input.reason });
  } catch (error) {
    // Someone else lifted it between the check above and the locked append.
    if (error instanceof Error && error.message === `no cap on ${input.pattern} to lift`) throw noCap();
    throw error;
  }
}

/** Every version of a workspace's policy (newest first), the one in force now, and those scheduled after it. */
export async function policyOverview(db: Executor, workspaceId: string, now = new Date()) {
  const versions = await listPolicyVersions(db, workspaceId);
  const inForce = policyInForceAt(versions, now);
  const scheduled = versions.filter((v) => v.effectiveFrom > now && v.version > (inForce?.version ?? 0));
  return { versions: [...versions].reverse(), inForce, scheduled };
}

/** A version as the API answers it. */
export function versionJson(version: PolicyVersion) {
  return {
    workspace: version.workspaceId,
    version: version.version,
    effectiveFrom: version.effectiveFrom.toISOString(),
    createdBy: version.createdBy,
    createdAt: version.createdAt.toISOString(),
    reason: version.reason,
    document: version.document satisfies PolicyDocument,
  };
}

function checkPattern(pattern: string) {
  const valid = patternSchema.safeParse(pattern);
  if (!valid.success) throw new PolicyValidationError([{ path: "pattern", message: valid.error.issues[0].message }]);
}

async function assertWorkspace(db: Executor, workspaceId: string) {
  const [row] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!row) throw new PolicyChangeRefused(`There is no workspace '${workspaceId}'; create it in Settings → Workspaces first.`, 404, "not_found", "workspace");
}
