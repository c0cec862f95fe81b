// The decision-authority verdict of each AI-executed action, given when it is appended (DESIGN §6):
// lib/policy's evaluator against the workspace's policy version in force at the action's occurredAt.
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { WarrantEvent } from "@/lib/events/schema";
import { checkAction, policyInForceAt } from "@/lib/policy/evaluate";
import type { PolicyVersion } from "@/lib/policy/schema";
import { listPolicyVersions } from "@/lib/policy/store";
import type { PolicyVerdict } from "./decisions";

/** Judges a batch's AI-executed actions (the default reads the policy versions: `readPolicyFor` and `judgeAgainst`). */
export type PolicyJudge = (tx: Executor, workspaceId: string, events: WarrantEvent[]) => Promise<PolicyVerdict[]>;

export const isAiAction = (event: WarrantEvent) => event.type === "action.executed" && event.actor.type === "ai";

/** Every version of a workspace's policy as one read found them, oldest first. */
export interface PolicySnapshot {
  versions: PolicyVersion[];
}

/** The policy versions of the workspace, read when some event is an AI-executed action (null otherwise). */
export async function readPolicyFor(tx: Executor, workspaceId: string, events: WarrantEvent[]): Promise<PolicySnapshot | null> {
  return events.some(isAiAction) ? { versions: await listPolicyVersions(tx, workspaceId) } : null;
}

/** The verdicts of the events' AI-executed actions against a snapshot of the policy. */
export function judgeAgainst(snapshot: PolicySnapshot | null, events: WarrantEvent[]): PolicyVerdict[] {
  if (!snapshot) return [];
  return events.filter(isAiAction).map((event) => {
    const policy = policyInForceAt(snapshot.versions, event.occurredAt);
    return { id: event.id, check: checkAction(policy, event).result, version: policy?.version ?? null };
  });
}

/**
 * Fails the transaction unless the workspace's latest policy version is still the snapshot's
 * (migration 0013): versions are append-only and gapless, so the latest number names the whole set.
 */
export async function expectPolicy(tx: Executor, workspaceId: string, snapshot: PolicySnapshot): Promise<void> {
  await tx.execute(sql`select warrant_expect_policy(${workspaceId}, ${snapshot.versions.at(-1)?.version ?? 0})`);
}
