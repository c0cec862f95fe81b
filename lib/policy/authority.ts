// Agents ask before they act (POST /api/v1/authority/check): the highest autonomy allowed now for a
// proposed action, and the clause behind it. Each question and answer is recorded in authority_checks.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Database } from "@/db/client";
import { authorityChecks } from "@/db/schema";
import { MAX_LEN, type Autonomy } from "@/lib/events/constants";
import { actionName, amountSchema, autonomySchema, text } from "@/lib/events/parts";
import { evaluateAuthority, type AuthorityAnswer } from "./evaluate";
import { rank, type ClauseRef } from "./schema";
import { policyVersionAt } from "./store";

/** The request body of `POST /api/v1/authority/check`. */
export const authorityCheckRequestSchema = z
  .strictObject({
    action: actionName().meta({ description: "The action the agent proposes to take.", examples: ["refund.issue"] }),
    amount: amountSchema.optional(),
    confidence: z.number().min(0).max(1).optional().meta({ description: "The agent's confidence, 0 to 1.", examples: [0.91] }),
    journey: text(MAX_LEN.journey).optional().meta({ examples: ["delivery_failure"] }),
    autonomy: autonomySchema.optional().meta({ description: "The autonomy the agent means to act at; the answer then says whether it may." }),
    caseId: text(MAX_LEN.id).optional().meta({ description: "The case the action is for; recorded with the question." }),
    agent: z
      .strictObject({ id: text(MAX_LEN.id), version: text(MAX_LEN.version).optional() })
      .optional()
      .meta({ description: "The AI asking (id and version)." }),
  })
  .meta({ id: "AuthorityCheckRequest", description: "A proposed action, asked about before acting." });
export type AuthorityCheckRequest = z.infer<typeof authorityCheckRequestSchema>;

export interface AuthorityCheckAnswer {
  /** Id of the recorded check; an agent may quote it in its event's `attributes`. */
  checkId: string;
  checkedAt: string;
  action: string;
  /** Highest autonomy allowed now; null when the workspace has no policy in force (nothing restricted). */
  allowedAutonomy: Autonomy | null;
  /** Whether acting at the asked `autonomy` is allowed; null when none was asked or no policy is in force. */
  permitted: boolean | null;
  policy: { id: string; version: number } | null;
  /** The stored policy version that answered, or null. */
  policyVersion: number | null;
  clause: ClauseRef | null;
  rule: AuthorityAnswer["rule"];
  cap: { pattern: string; by: string; reason: string; at?: string } | null;
  reasons: string[];
}

export interface CheckOptions {
  /** Who asked: an API key id, a user; recorded. */
  askedBy?: string;
  /** Default: now. */
  at?: Date;
}

/** Answers and records one authority check. `proposal` must already satisfy `authorityCheckRequestSchema`. */
export async function checkAuthority(
  db: Database,
  workspaceId: string,
  proposal: AuthorityCheckRequest,
  options: CheckOptions = {},
): Promise<AuthorityCheckAnswer> {
  const at = options.at ?? new Date();
  const policy = await policyVersionAt(db, workspaceId, at);
  const answer = evaluateAuthority(policy, {
    action: proposal.action,
    amount: proposal.amount?.value,
    currency: proposal.amount?.currency,
    confidence: proposal.confidence,
    journey: proposal.journey,
  });
  const allowed = answer.maxAutonomy;
  const result: AuthorityCheckAnswer = {
    checkId: randomUUID(),
    checkedAt: at.toISOString(),
    action: proposal.action,
    allowedAutonomy: allowed,
    permitted: allowed === null || proposal.autonomy === undefined ? null : rank(proposal.autonomy) <= rank(allowed),
    policy: answer.policy,
    policyVersion: policy?.version ?? null,
    clause: answer.clause,
    rule: answer.rule,
    cap: answer.cap ? { pattern: answer.cap.pattern, by: answer.cap.by, reason: answer.cap.reason, at: answer.cap.at } : null,
    reasons: answer.reasons,
  };
  await db.insert(authorityChecks).values({
    workspaceId,
    id: result.checkId,
    at,
    askedBy: options.askedBy ?? proposal.agent?.id ?? "unknown",
    action: proposal.action,
    journey: proposal.journey ?? null,
    amount: proposal.amount ? String(proposal.amount.value) : null,
    currency: proposal.amount?.currency ?? null,
    confidence: proposal.confidence ?? null,
    requestedAutonomy: proposal.autonomy ?? null,
    allowedAutonomy: allowed,
    policyVersion: result.policyVersion,
    request: proposal,
    answer: result,
  });
  return result;
}
