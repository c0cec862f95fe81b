// Why did the AI do that (DESIGN §7): one AI proposal or action, explained in plain words, with the
// authority it acted under, how sure it was, what people did about it, and the ledger proof.
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import type { WarrantEvent } from "@/lib/events/schema";
import type { Ledger } from "@/lib/ledger/context";
import { authorityOf } from "./authority";
import { EventNotFoundError, isEventId, proveEvent } from "./proof";
import { bandOf, bandOverrides, caseRow, loadEvent, relatedTo, type LoadedEvent } from "./related";
import { buildSections } from "./sections";
import type { Authority, Explanation, Reaction } from "./types";
import { actionPhrase, AUTONOMY_CLAUSE, duration, GRANT_CLAUSE, quoted, statedReason } from "./words";

export type AiEvent = Extract<WarrantEvent, { type: "ai.proposal" | "action.executed" }>;

/** The event exists but is not an AI proposal or action, so there is no AI decision to explain. */
export class NotExplainableError extends Error {
  readonly brand = "warrant.NotExplainableError";
  static is(error: unknown): error is NotExplainableError {
    return (error as { brand?: string } | null)?.brand === "warrant.NotExplainableError";
  }
  constructor(
    readonly eventId: string,
    readonly eventType: string,
    readonly caseId: string,
  ) {
    super(`event ${eventId} is a ${eventType}, not an AI proposal or action; only those have explanations`);
  }
}

export interface AccountabilityConfig {
  party: string;
  contestUrl?: string | null;
}

export interface ExplainOptions {
  /** Who answers for the AI and where to contest; default: WARRANT_ACCOUNTABLE_PARTY and WARRANT_CONTEST_URL. */
  accountability?: AccountabilityConfig;
}

export function accountabilityFromEnv(config: { WARRANT_ACCOUNTABLE_PARTY: string; WARRANT_CONTEST_URL?: string }): AccountabilityConfig {
  return { party: config.WARRANT_ACCOUNTABLE_PARTY, contestUrl: config.WARRANT_CONTEST_URL ?? null };
}

export const isAiDecision = (event: WarrantEvent): event is AiEvent =>
  (event.type === "ai.proposal" || event.type === "action.executed") && event.actor.type === "ai";

/**
 * Explains one AI proposal or AI-executed action of a workspace. Throws EventNotFoundError when the id is
 * not in the workspace, NotExplainableError when the event is not an AI decision.
 */
export async function explainAction(
  db: Database,
  ledger: Pick<Ledger, "key">,
  workspaceId: string,
  eventId: string,
  options: ExplainOptions = {},
): Promise<Explanation> {
  const loaded = isEventId(eventId) ? await loadEvent(db, workspaceId, eventId.toLowerCase()) : null;
  if (!loaded) throw new EventNotFoundError(eventId);
  const event = loaded.event;
  if (!isAiDecision(event)) throw new NotExplainableError(loaded.id, event?.type ?? "unreadable record", event?.caseId ?? "");
  const subject = loaded as LoadedEvent & { event: AiEvent };

  const [related, authority, proven, kase] = await Promise.all([
    relatedTo(db, workspaceId, subject),
    authorityOf(db, workspaceId, event),
    proveEvent(db, ledger, workspaceId, loaded.id),
    caseRow(db, workspaceId, event.caseId),
  ]);
  const decision = event.decision;
  const confidence = decision?.confidence ?? null;
  const band = confidence === null ? null : bandOf(confidence);
  const stats = band ? await bandOverrides(db, workspaceId, band, loaded.id) : null;

  const humans = [...related.reactions.map(reactionOf), ...related.executions.map(reactionOf)].sort(
    (a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt),
  );
  const accountability = options.accountability ?? accountabilityFromEnv(env());
  const outcome = outcomeOf(kase);

  const explanation: Omit<Explanation, "sections"> = {
    eventId: loaded.id,
    workspaceId,
    type: event.type,
    caseId: event.caseId,
    journey: event.journey,
    channel: event.channel,
    customerRef: event.customerRef ?? null,
    occurredAt: event.occurredAt,
    title: `Why the AI ${event.type === "ai.proposal" ? `proposed ${actionPhrase(event.action, "gerund")}` : actionPhrase(event.action)}`,
    sentence: headline(event, authority, related.reactions, related.proposal),
    action: {
      name: event.action.name,
      phrase: actionPhrase(event.action),
      amount: event.action.amount ?? null,
      target: event.action.target ?? null,
      reversible: event.action.reversible ?? null,
    },
    rationale: rationaleOf(event),
    evidence: (decision?.evidence ?? []).map((e) => ({ source: e.source, ref: e.ref ?? null, summary: e.summary })),
    authority,
    confidence:
      confidence === null || !band || !stats
        ? null
        : { value: confidence, band, ...stats, rate: stats.reviewed > 0 ? stats.overridden / stats.reviewed : null },
    alternatives: decision?.alternatives ?? [],
    counterfactual: decision?.counterfactual?.trim() || null,
    humans,
    proposal: related.proposal
      ? { eventId: related.proposal.id, occurredAt: related.proposal.event.occurredAt, rationale: rationaleOf(related.proposal.event) }
      : null,
    outcome,
    accountability: {
      party: accountability.party,
      contact: null,
      contestUrl: accountability.contestUrl ?? null,
      sentence: `${accountability.party} is accountable for this decision, not the AI. To contest it, ${
        accountability.contestUrl ? `go to ${accountability.contestUrl}` : "ask any customer-service agent for a review by a person"
      }, quoting case ${event.caseId} and reference ${loaded.id}.`,
    },
    ai: { agent: event.actor.id, version: event.actor.version ?? null, model: decision?.model ?? null },
    proof: proven.proof,
    verification: proven.verification,
  };
  return { ...explanation, sections: buildSections(explanation) };
}

const APPROVAL_VERB = { approved: "approved", edited: "approved with changes", rejected: "rejected", expired: "let expire" } as const;

/** What a person (or the AI, for an execution) did about the decision, in one sentence. */
function reactionOf({ id, event }: LoadedEvent): Reaction {
  const actor = { type: event.actor.type, id: event.actor.id };
  const base = { eventId: id, occurredAt: event.occurredAt, actor };
  switch (event.type) {
    case "approval.decided": {
      const who = event.reviewer.name ? `${event.reviewer.name} (${event.reviewer.id})` : event.reviewer.id;
      const later = event.latencyMs !== undefined ? ` ${duration(event.latencyMs)} after it was proposed` : "";
      const text =
        event.outcome === "expired"
          ? `Nobody decided on the proposal in time; it expired while assigned to ${who}`
          : `${who} ${APPROVAL_VERB[event.outcome]} the proposal${later}`;
      return { ...base, type: event.type, verb: event.outcome, sentence: event.reason ? `${text}: ${quoted(event.reason)}` : `${text}.` };
    }
    case "action.overridden": {
      const instead = event.replacement ? ` Instead, they ${actionPhrase(event.replacement)}.` : "";
      return { ...base, type: event.type, verb: "overridden", sentence: `${actor.id} overrode the AI: ${quoted(event.reason)}${instead}` };
    }
    case "action.reversed": {
      const by = { ai: "the AI", human: "a person", system: "a system", customer: "the customer" }[event.by];
      return { ...base, type: event.type, verb: "reversed", sentence: `The action was reversed by ${by} (recorded by ${actor.id}): ${quoted(event.reason)}` };
    }
    case "action.executed":
      return {
        ...base,
        type: event.type,
        verb: "executed",
        sentence: `${actor.type === "ai" ? "The AI" : actor.id} carried it out: ${actionPhrase(event.action)}, at ${event.autonomy}.`,
      };
    default:
      return { ...base, type: "action.executed", verb: "executed", sentence: `${actor.id} recorded a ${event.type}.` };
  }
}

const STATUSES = ["resolved", "unresolved", "abandoned"] as const;
const RESOLVER = { ai: "by the AI", human: "by a person", hybrid: "by the AI and a person together" } as Record<string, string>;
const ATTESTER = { customer: "the customer", agent: "an agent", judge: "an automated judge", timeout: "a timeout" } as Record<string, string>;

function outcomeOf(kase: Awaited<ReturnType<typeof caseRow>>): Explanation["outcome"] {
  const status = STATUSES.find((s) => s === kase?.outcomeStatus) ?? "open";
  const reopened = kase?.reopenedCount ?? 0;
  const back = reopened === 0 ? "" : ` The customer came back about it ${reopened === 1 ? "once" : `${reopened} times`} afterwards.`;
  if (!kase || status === "open") {
    return { status: "open", resolvedBy: null, attestedBy: null, at: null, reopened, sentence: `The case has no recorded outcome yet.${back}` };
  }
  const by = kase.resolvedBy ? ` ${RESOLVER[kase.resolvedBy] ?? `by ${kase.resolvedBy}`}` : "";
  const attested = kase.attestedBy ? `, as confirmed by ${ATTESTER[kase.attestedBy] ?? kase.attestedBy}` : "";
  const at = kase.outcomeAt?.toISOString() ?? null;
  return {
    status,
    resolvedBy: kase.resolvedBy,
    attestedBy: kase.attestedBy,
    at,
    reopened,
    sentence: `The case was ${status}${status === "resolved" ? by : ""}${attested}.${back}`,
  };
}

const rationaleOf = (event: WarrantEvent) => ("decision" in event ? event.decision?.rationale?.trim() : undefined) || null;

/**
 * The lead that comes first: what the AI did, under what authority and what followed, in one sentence;
 * then the AI's stated reason, quoted. The reason is the AI's own text in whatever person and form it
 * wrote ("I moved the delivery…"), so it is quoted and attributed, never spliced after "because". For
 * an execution of a proposal the reason is the proposal's: the execution's own rationale only says
 * that it carries the approved proposal out, which the sentence already tells.
 */
function headline(event: AiEvent, authority: Authority, reactions: LoadedEvent[], proposal: LoadedEvent | null): string {
  const proposed = proposal ? rationaleOf(proposal.event) : null;
  const rationale = proposed ?? rationaleOf(event);
  const reason = rationale ? ` The AI's stated reason${proposed ? ", when it proposed it" : ""}: ${statedReason(rationale)}` : "";
  const approval = [...reactions].reverse().find((r) => r.event.type === "approval.decided")?.event as
    | Extract<WarrantEvent, { type: "approval.decided" }>
    | undefined;
  const reviewer = approval ? (approval.reviewer.name ?? approval.reviewer.id) : null;
  const policyName = authority.policy ? `${authority.policy.id} v${authority.policy.version}` : null;
  const rule = authority.clause ?? policyName;

  let main: string;
  let how: string;
  if (event.type === "ai.proposal") {
    main = `The AI proposed ${actionPhrase(event.action, "gerund")}`;
    how = `, for a person to decide${authority.cited ? `, citing ${authority.cited}` : ""}`;
  } else {
    main = `The AI ${actionPhrase(event.action)}`;
    const approved = event.autonomy === "approve" && reviewer && approval && approval.outcome !== "rejected" && approval.outcome !== "expired";
    // "after Sam Rivera approved it, under …", "…reviewing afterwards, beyond …": the comma keeps what
    // follows on the AI's action, not on the approval or the review.
    const acting = `${approved ? `after ${reviewer} approved it` : AUTONOMY_CLAUSE[event.autonomy]}${approved || event.autonomy !== "autonomous" ? "," : ""}`;
    const max = authority.maxAutonomy;
    // Only the rule that decided is cited; when none did, the policy's default set the limit.
    const ungranted = `no rule of ${policyName} grants it, so the policy's default allows it ${max ? GRANT_CLAUSE[max] : ""}`.trimEnd();
    if (authority.status === "within" && rule) {
      const allows = authority.basis === "default" ? `, whose default allows actions no rule grants ${max ? GRANT_CLAUSE[max] : ""}`.trimEnd() : authority.allowance ? `, which allows ${authority.allowance}` : "";
      how = `, ${acting} under ${rule}${allows}`;
    } else if (authority.status === "beyond") {
      const limit =
        authority.basis === "default" && policyName
          ? `: ${ungranted}`
          : authority.basis === "cap" && policyName
            ? `: a cap in ${policyName} allows ${authority.allowance ?? `at most ${max}`}`
            : rule
              ? `: ${rule} allows ${authority.allowance ?? `at most ${max}`}`
              : ` (at most ${max} was allowed)`;
      how = `, ${acting} beyond its authority${limit}`;
    } else {
      how = `, ${acting.replace(/,$/, "")}${authority.cited ? `, citing ${authority.cited}` : ""}`;
    }
  }

  const after: string[] = [];
  if (event.type === "ai.proposal" && approval) {
    const later = approval.latencyMs !== undefined ? ` ${duration(approval.latencyMs)} later` : "";
    after.push(approval.outcome === "expired" ? "nobody decided on it in time" : `${reviewer} ${APPROVAL_VERB[approval.outcome]} it${later}`);
  }
  if (reactions.some((r) => r.event.type === "action.overridden")) after.push("a person later overrode it");
  if (reactions.some((r) => r.event.type === "action.reversed")) after.push("it was later reversed");
  return `${main}${how}${after.length ? `; ${after.join(", and ")}` : ""}.${reason}`;
}
