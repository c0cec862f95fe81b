import type { ActorType, Autonomy } from "@/lib/events/constants";
import type { EventProof, EventVerification } from "./proof";

/** One block of an explanation as a person reads it: a heading and its paragraphs or labelled facts. */
export interface ExplanationSection {
  id: "why" | "authority" | "confidence" | "alternatives" | "humans" | "outcome" | "accountability" | "ai" | "proof";
  title: string;
  paragraphs: string[];
  /** Label and value pairs (evidence, reviewers, hashes); never empty strings. */
  facts?: { label: string; value: string; href?: string }[];
}

export type AuthorityStatus = "within" | "beyond" | "no-policy" | "unavailable" | "not-checked";

/** What set the limit: a rule that granted it, a cap that lowered it, or the policy's default (no rule grants the action). */
export type AuthorityBasis = "rule" | "cap" | "default";

export interface Authority {
  /** within/beyond: checked against the decision-authority policy in force; no-policy: none was in force;
   *  unavailable: the check could not run; not-checked: a proposal (a person decides) or no AI execution. */
  status: AuthorityStatus;
  autonomy: Autonomy | null;
  /** The highest autonomy the policy allowed for this action, when it was checked. */
  maxAutonomy: Autonomy | null;
  /** The decision-authority policy version in force, when there was one. */
  policy: { id: string; version: number } | null;
  /** What set `maxAutonomy`, when the policy was consulted. */
  basis: AuthorityBasis | null;
  /** The business clause of the rule that decided ("refund-policy v3 §2.2"); null when a cap or the
   *  policy's default decided, or the rule names none. Never the AI's own citation (that is `cited`). */
  clause: string | null;
  /** The policy the AI itself cited in its decision. */
  cited: string | null;
  /** What the governing rule or cap allows, as an ending: "refunds up to €75 without approval". */
  allowance: string | null;
  /** One sentence a person can read. */
  sentence: string;
  reasons: string[];
}

export interface Reaction {
  eventId: string;
  type: "approval.decided" | "action.overridden" | "action.reversed" | "action.executed";
  occurredAt: string;
  actor: { type: ActorType; id: string };
  /** "approved", "rejected", "overridden", "reversed", "executed". */
  verb: string;
  sentence: string;
}

export interface Explanation {
  eventId: string;
  workspaceId: string;
  type: "ai.proposal" | "action.executed";
  caseId: string;
  journey: string;
  channel: string;
  customerRef: string | null;
  occurredAt: string;
  /** A short heading: what the AI did ("Why the AI refunded €42.00 on order 1183"). */
  title: string;
  /** The plain-language lead that comes first: what the AI did, under what authority, what followed,
   *  then the AI's stated reason as a quotation. */
  sentence: string;
  action: {
    name: string;
    /** "refunded €42.00 on order 10442". */
    phrase: string;
    amount: { value: number; currency: string } | null;
    target: { system: string; ref: string } | null;
    reversible: boolean | null;
  };
  rationale: string | null;
  evidence: { source: string; ref: string | null; summary: string }[];
  authority: Authority;
  confidence: {
    value: number;
    band: { from: number; to: number };
    /** AI decisions in this workspace in the same band that a person reviewed (or could have). */
    reviewed: number;
    /** …of which a person rejected, edited, overrode or reversed. */
    overridden: number;
    rate: number | null;
  } | null;
  alternatives: { action: string; whyNot: string }[];
  counterfactual: string | null;
  humans: Reaction[];
  /** The proposal this execution carried out, when there was one, with the AI's rationale for it. */
  proposal: { eventId: string; occurredAt: string; rationale: string | null } | null;
  outcome: {
    status: "resolved" | "unresolved" | "abandoned" | "open";
    resolvedBy: string | null;
    attestedBy: string | null;
    at: string | null;
    reopened: number;
    sentence: string;
  };
  accountability: { party: string; contact: string | null; contestUrl: string | null; sentence: string };
  ai: { agent: string; version: string | null; model: { provider: string; name: string; version: string } | null };
  proof: EventProof;
  verification: EventVerification;
  /** Every heading with content, in reading order; headings without content are left out. */
  sections: ExplanationSection[];
}
