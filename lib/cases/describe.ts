// One line per event, in plain words, for the case timeline: who did what, and the details worth a look.
import type { WarrantEvent } from "@/lib/events/schema";
import { actionPhrase, cite, duration, percent, quoted } from "@/lib/explain/words";

export interface EventDescription {
  /** "The AI refunded €42.00 on order 10442." */
  summary: string;
  details: { label: string; value: string }[];
}

const WHO = { ai: "The AI", human: "A person", system: "A system", customer: "The customer" } as const;
const PARTY = { ai: "the AI", human: "a person" } as const;
const HANDOFF_REASON = {
  customer_requested: "the customer asked for it",
  low_confidence: "the AI was not confident enough",
  policy_required: "the policy required a person",
  error: "something went wrong",
  other: "of another reason",
} as const;
const RESOLVER = { ai: " by the AI", human: " by a person", hybrid: " by the AI and a person together" } as const;
const ATTESTER = { customer: "the customer", agent: "an agent", judge: "an automated judge", timeout: "a timeout" } as const;

/** Who acted, as the subject of a sentence: "The AI (refund-agent)", "agent_0193", "The customer". */
export function subjectOf(actor: WarrantEvent["actor"]): string {
  if (actor.type === "ai") return `The AI (${actor.id})`;
  if (actor.type === "customer") return "The customer";
  return actor.id;
}

export function describeEvent(event: WarrantEvent): EventDescription {
  const who = subjectOf(event.actor);
  const details: EventDescription["details"] = [];
  switch (event.type) {
    case "case.opened":
      return {
        summary: event.contact === 1 ? `${who} opened the case.` : `${who} got in touch again about the same issue (contact ${event.contact}).`,
        details,
      };
    case "ai.proposal":
    case "action.executed": {
      const d = event.decision;
      if (d?.rationale) details.push({ label: "Why", value: d.rationale });
      if (d?.confidence !== undefined) details.push({ label: "Confidence", value: percent(d.confidence) });
      if (d?.policy) details.push({ label: "Policy cited", value: cite(d.policy) });
      if (event.type === "action.executed") details.push({ label: "Autonomy", value: event.autonomy });
      const summary =
        event.type === "ai.proposal" ? `${who} proposed ${actionPhrase(event.action, "gerund")}.` : `${who} ${actionPhrase(event.action)}.`;
      return { summary, details };
    }
    case "approval.decided": {
      const reviewer = event.reviewer.name ? `${event.reviewer.name} (${event.reviewer.id})` : event.reviewer.id;
      const verb = { approved: "approved", edited: "approved with changes", rejected: "rejected", expired: "did not decide in time on" }[event.outcome];
      if (event.latencyMs !== undefined) details.push({ label: "Decided after", value: duration(event.latencyMs) });
      if (event.reason) details.push({ label: "Reason", value: event.reason });
      return { summary: `${reviewer} ${verb} the AI's proposal.`, details };
    }
    case "action.overridden":
      if (event.replacement) details.push({ label: "Instead", value: actionPhrase(event.replacement) });
      return { summary: `${who} overrode the AI: ${quoted(event.reason)}`, details };
    case "action.reversed":
      return { summary: `${who} recorded that the action was reversed by ${event.by === "ai" ? "the AI" : event.by === "human" ? "a person" : `the ${event.by}`}: ${quoted(event.reason)}`, details };
    case "handoff": {
      const context = event.contextTransferred ? "with the conversation and case context" : "without the context: the customer may have had to repeat themselves";
      return {
        summary: `${WHO[event.from === "ai" ? "ai" : "human"]} handed the case to ${PARTY[event.to]} because ${HANDOFF_REASON[event.reason]}, ${context}.`,
        details,
      };
    }
    case "case.outcome": {
      const by = event.status === "resolved" && event.resolvedBy ? RESOLVER[event.resolvedBy] : "";
      return { summary: `The case was ${event.status}${by}, as confirmed by ${ATTESTER[event.attestedBy]}.`, details };
    }
    case "case.reopened":
      return { summary: `${who} came back about the case; it was reopened.`, details };
    case "feedback": {
      const about = event.about ? ` about the ${event.about === "ai" ? "AI" : event.about === "human" ? "person who helped" : "case"}` : "";
      return { summary: `${who} answered the ${event.survey.toUpperCase()} survey${about}: ${event.score} out of ${event.scaleMax}.`, details };
    }
  }
}
