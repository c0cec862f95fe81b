// Under what authority the AI acted (DESIGN §6, §7): the decision-authority policy version in force when
// the action happened, whether the action stayed within it, and the business clause behind the answer.
import type { Database } from "@/db/client";
import type { WarrantEvent } from "@/lib/events/schema";
import { checkAction, evaluateAuthority, queryOf, type AuthorityAnswer } from "@/lib/policy/evaluate";
import type { PolicyVersion } from "@/lib/policy/schema";
import { policyVersionAt } from "@/lib/policy/store";
import type { Authority, AuthorityBasis } from "./types";
import { actionPhrase, AUTONOMY_ACTED, cite, GRANT_CLAUSE, joinList, money, patternNoun, percent, sentence } from "./words";

type AiEvent = Extract<WarrantEvent, { type: "ai.proposal" | "action.executed" }>;

/**
 * What set the answer's limit. A cap overrides whatever the rules granted; without one, the granting
 * rule decided, and with no granting rule the policy's default did (UNGRANTED), whatever rules matched
 * the pattern but failed their conditions: their clauses did not decide and must not be cited as if
 * they had.
 */
function basisOf(answer: AuthorityAnswer): AuthorityBasis {
  return answer.cap ? "cap" : answer.rule ? "rule" : "default";
}

/** The clause to cite for an answer: the granting rule's, and only when that rule decided. */
const decidingClause = (answer: AuthorityAnswer) => (basisOf(answer) === "rule" && answer.clause ? cite(answer.clause) : null);

/** What the rule (or cap) behind an answer allows, as an ending for "which allows …". */
function allowanceOf(version: PolicyVersion, answer: AuthorityAnswer): string | null {
  if (answer.cap) return `${patternNoun(answer.cap.pattern)} ${GRANT_CLAUSE[answer.cap.maxAutonomy]}`;
  if (!answer.rule) return null;
  const rule = version.document.rules[answer.rule.index];
  if (!rule) return null;
  const conditions: string[] = [];
  if (rule.when?.amount) conditions.push(`up to ${money(rule.when.amount.max, rule.when.amount.currency, true)}`);
  if (rule.when?.confidence) conditions.push(`at a confidence of at least ${percent(rule.when.confidence.min)}`);
  if (rule.when?.journeys) conditions.push(`in ${joinList(rule.when.journeys.map((j) => j.replaceAll("_", " ")), "or")} cases`);
  return [patternNoun(rule.pattern), ...conditions, GRANT_CLAUSE[rule.maxAutonomy]].join(" ");
}

export async function authorityOf(db: Database, workspaceId: string, event: AiEvent): Promise<Authority> {
  const autonomy = event.type === "action.executed" ? event.autonomy : null;
  const cited = event.decision?.policy ? cite(event.decision.policy) : null;
  const base = { autonomy, cited, maxAutonomy: null, policy: null, basis: null, clause: null, allowance: null, reasons: [] };

  let version: PolicyVersion | null;
  try {
    version = await policyVersionAt(db, workspaceId, new Date(event.occurredAt));
  } catch {
    // A policy store that cannot be read must not hide the rest of the explanation.
    return {
      ...base,
      status: "unavailable",
      sentence: `The check against the decision-authority policy is unavailable right now${cited ? `; the AI cited ${cited}` : ""}.`,
    };
  }

  if (!version) {
    return {
      ...base,
      status: "no-policy",
      sentence: `No decision-authority policy was in force in this workspace at the time, so the action could not be checked against one${cited ? `; the AI cited ${cited}` : ""}.`,
    };
  }

  const policy = { id: version.document.id, version: version.version };
  const name = `${policy.id} v${policy.version}`;
  if (event.type === "ai.proposal") {
    const answer = evaluateAuthority(version, queryOf(event)!);
    const allowance = allowanceOf(version, answer);
    const clause = decidingClause(answer);
    return {
      ...base,
      status: "not-checked",
      maxAutonomy: answer.maxAutonomy,
      policy,
      basis: basisOf(answer),
      clause,
      allowance,
      reasons: answer.reasons,
      sentence: sentence(
        `A proposal waits for a person's decision, so it needs no authority of its own; under ${name}${clause && clause !== cited ? ` (${clause})` : ""} the AI could have taken this action ${answer.maxAutonomy === "assist" ? "only as a suggestion" : `up to ${answer.maxAutonomy}`}`,
      ),
    };
  }

  const check = checkAction(version, event);
  const answer = check.answer;
  const basis = answer ? basisOf(answer) : null;
  const clause = answer ? decidingClause(answer) : null;
  const allowance = answer ? allowanceOf(version, answer) : null;
  const status = check.result === "within" ? "within" : check.result === "breach" ? "beyond" : event.actor.type === "ai" ? "no-policy" : "not-checked";
  // With no granting rule the limit is the policy's default; saying so is the truth, where naming the
  // clause of a rule whose conditions failed would credit it with a decision it did not make.
  const ungranted = `no rule of ${name} grants ${actionPhrase({ name: event.action.name, amount: event.action.amount }, "gerund")}`;
  const sentenceText =
    status === "within"
      ? basis === "default"
        ? `Within its authority: ${AUTONOMY_ACTED[event.autonomy]}, and although ${ungranted}, the policy's default allows up to ${answer!.maxAutonomy}`
        : `Within its authority: ${AUTONOMY_ACTED[event.autonomy]}, and ${name}${clause ? ` (${clause})` : ""} allows${allowance ? ` ${allowance}` : ` up to ${answer!.maxAutonomy}`}`
      : status === "beyond"
        ? basis === "default"
          ? `Beyond its authority: ${AUTONOMY_ACTED[event.autonomy]}, but ${ungranted}, so the policy's default allowed at most ${answer!.maxAutonomy}`
          : `Beyond its authority: ${AUTONOMY_ACTED[event.autonomy]}, but ${name}${clause ? ` (${clause})` : ""} allowed at most ${answer!.maxAutonomy} here, because ${answer!.reasons[0]}`
        : check.sentence;
  return {
    ...base,
    status,
    maxAutonomy: answer?.maxAutonomy ?? null,
    policy,
    basis,
    clause,
    allowance,
    reasons: answer?.reasons ?? [],
    sentence: sentence(sentenceText),
  };
}
