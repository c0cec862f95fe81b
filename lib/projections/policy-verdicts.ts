// The decision-authority verdict of each AI-executed action, given when it is appended (DESIGN §6):
// lib/policy's evaluator against the workspace's policy version in force at the action's occurredAt.
import type { Executor } from "@/db/client";
import type { WarrantEvent } from "@/lib/events/schema";
import { checkAction, policyInForceAt } from "@/lib/policy/evaluate";
import { listPolicyVersions } from "@/lib/policy/store";
import type { PolicyVerdict } from "./decisions";

/** Judges a batch's AI-executed actions; reads the workspace's policy versions only when there is one. */
export type PolicyJudge = (tx: Executor, workspaceId: string, events: WarrantEvent[]) => Promise<PolicyVerdict[]>;

export const isAiAction = (event: WarrantEvent) => event.type === "action.executed" && event.actor.type === "ai";

export const judgeByStoredPolicy: PolicyJudge = async (tx, workspaceId, events) => {
  const actions = events.filter(isAiAction);
  if (actions.length === 0) return [];
  const versions = await listPolicyVersions(tx, workspaceId);
  return actions.map((event) => {
    const policy = policyInForceAt(versions, event.occurredAt);
    return { id: event.id, check: checkAction(policy, event).result, version: policy?.version ?? null };
  });
};
