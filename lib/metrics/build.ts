// Terse constructors of contract-valid events, for the metrics fixture and the random streams of
// ./arbitrary.ts. Each takes the common fields and only what its type adds.
import type { Autonomy, Channel } from "@/lib/events/constants";
import type {
  Action,
  ActionExecutedEvent,
  ActionOverriddenEvent,
  ActionReversedEvent,
  Actor,
  AiProposalEvent,
  ApprovalDecidedEvent,
  CaseOpenedEvent,
  CaseOutcomeEvent,
  CaseReopenedEvent,
  FeedbackEvent,
  HandoffEvent,
} from "@/lib/events/schema";

export interface Common {
  id: string;
  occurredAt: string;
  caseId: string;
  journey: string;
  channel: Channel;
  customerRef?: string;
  actor: Actor;
}

type AiActor = AiProposalEvent["actor"];

/** A UUID (version 4, RFC 9562 variant) that spells its number in the last group, for readable fixtures. */
export const numberedId = (prefix: string, n: number) =>
  `${prefix.padEnd(8, "0").slice(0, 8)}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

const rationale = "Chosen according to the applicable policy and the customer's history.";
const decisionOf = (confidence: number | undefined) => (confidence === undefined ? { rationale } : { rationale, confidence });

export const opened = (c: Common, contact: number): CaseOpenedEvent => ({ ...c, type: "case.opened", contact });

export const proposal = (c: Common & { actor: AiActor }, action: Action, confidence?: number): AiProposalEvent => ({
  ...c,
  type: "ai.proposal",
  action,
  decision: decisionOf(confidence),
});

export const executed = (
  c: Common,
  action: Action,
  autonomy: Autonomy,
  options: { confidence?: number; parentId?: string } = {},
): ActionExecutedEvent => ({
  ...c,
  type: "action.executed",
  ...(options.parentId === undefined ? {} : { parentId: options.parentId }),
  action,
  autonomy,
  // Only AI actors explain themselves; a human's action carries no decision.
  ...(c.actor.type === "ai" ? { decision: decisionOf(options.confidence) } : {}),
});

export const decided = (
  c: Common,
  parentId: string,
  outcome: ApprovalDecidedEvent["outcome"],
  latencyMs?: number,
): ApprovalDecidedEvent => ({
  ...c,
  type: "approval.decided",
  parentId,
  outcome,
  reviewer: { id: c.actor.id },
  ...(latencyMs === undefined ? {} : { latencyMs }),
  ...(outcome === "edited" || outcome === "rejected" ? { reason: `Reviewer ${outcome} the proposal.` } : {}),
});

export const overridden = (c: Common, parentId: string): ActionOverriddenEvent => ({
  ...c,
  type: "action.overridden",
  parentId,
  reason: "A human countermanded the AI.",
});

export const reversed = (c: Common, parentId: string, by: ActionReversedEvent["by"]): ActionReversedEvent => ({
  ...c,
  type: "action.reversed",
  parentId,
  reason: "The action was rolled back.",
  by,
});

export const handoff = (
  c: Common,
  from: HandoffEvent["from"],
  to: HandoffEvent["to"],
  reason: HandoffEvent["reason"],
  contextTransferred: boolean,
): HandoffEvent => ({ ...c, type: "handoff", from, to, reason, contextTransferred });

export const outcome = (
  c: Common,
  status: CaseOutcomeEvent["status"],
  attestedBy: CaseOutcomeEvent["attestedBy"],
  resolvedBy?: CaseOutcomeEvent["resolvedBy"],
): CaseOutcomeEvent => ({ ...c, type: "case.outcome", status, ...(resolvedBy === undefined ? {} : { resolvedBy }), attestedBy });

export const reopened = (c: Common): CaseReopenedEvent => ({ ...c, type: "case.reopened" });

export const survey = (c: Common, score: number, scaleMax: number, kind: FeedbackEvent["survey"] = "csat"): FeedbackEvent => ({
  ...c,
  type: "feedback",
  survey: kind,
  score,
  scaleMax,
});

export const money = (name: string, value?: number, currency?: string): Action =>
  value === undefined || currency === undefined ? { name } : { name, amount: { value, currency } };
