// The pure decision-authority evaluator (DESIGN §6). Precedence, also in docs/policy.md:
//   1. Of the rules whose pattern matches the action, only those with the most specific pattern
//      govern it; less specific rules are not consulted, even when the governing rules' conditions
//      fail (a failed condition on `refund.*` never falls through to a permissive `*`).
//   2. Among the governing rules, those whose conditions all hold grant their `maxAutonomy`; the
//      highest grant wins (ties: the first in the document). If none holds, or no pattern matches,
//      the action is limited to `assist`: the AI may suggest, a human acts.
//   3. Every cap whose pattern matches lowers the result to the cap's level, however specific the
//      rules are: that is how the kill switch stops `refund.*` including `refund.issue`.
import type { Autonomy } from "@/lib/events/constants";
import type { WarrantEvent } from "@/lib/events/schema";
import { matches, specificity } from "./pattern";
import { lower, rank, type ClauseRef, type Conditions, type PolicyCap, type PolicyDocument, type PolicyInForce, type PolicyRule } from "./schema";

export interface AuthorityQuery {
  action: string;
  amount?: number;
  currency?: string;
  confidence?: number;
  journey?: string;
}

export interface AuthorityAnswer {
  /** The highest autonomy allowed; null when no policy is in force (nothing is restricted). */
  maxAutonomy: Autonomy | null;
  policy: { id: string; version: number } | null;
  /** The rule that granted `maxAutonomy` (index into `rules`, 0-based), or null when none did. */
  rule: { index: number; pattern: string; maxAutonomy: Autonomy } | null;
  /** The business clause behind the answer: the granting rule's, else the first governing rule's. */
  clause: ClauseRef | null;
  /** The cap that lowered the answer, if one did. */
  cap: PolicyCap | null;
  /** Plain sentences, most important first, for explanations and the authority check. */
  reasons: string[];
}

/** The floor: an action no rule grants may still be suggested for a human to carry out. */
export const UNGRANTED: Autonomy = "assist";

export function evaluateAuthority(policy: PolicyInForce | null | undefined, query: AuthorityQuery): AuthorityAnswer {
  if (!policy) {
    return { maxAutonomy: null, policy: null, rule: null, clause: null, cap: null, reasons: ["no decision-authority policy is in force"] };
  }
  const doc = policy.document;
  const ref = { id: doc.id, version: policy.version };
  const answer = governingGrant(doc, query);
  const result: AuthorityAnswer = { ...answer, policy: ref };
  return applyCaps(doc, query.action, result);
}

function governingGrant(doc: PolicyDocument, query: AuthorityQuery): Omit<AuthorityAnswer, "policy"> {
  const matching = doc.rules.map((rule, index) => ({ rule, index })).filter(({ rule }) => matches(rule.pattern, query.action));
  if (matching.length === 0) {
    return {
      maxAutonomy: UNGRANTED,
      rule: null,
      clause: null,
      cap: null,
      reasons: [`no rule covers ${query.action}, so it is limited to ${UNGRANTED} (a human acts)`],
    };
  }
  const top = Math.max(...matching.map(({ rule }) => specificity(rule.pattern)));
  const governing = matching
    .filter(({ rule }) => specificity(rule.pattern) === top)
    .map((candidate) => ({ ...candidate, failures: unmet(candidate.rule.when, query) }));
  let best: (typeof governing)[number] | null = null;
  for (const candidate of governing) {
    if (candidate.failures.length === 0 && (!best || rank(candidate.rule.maxAutonomy) > rank(best.rule.maxAutonomy))) best = candidate;
  }
  // Refusals only explain something when the refused rule would have allowed more than the answer.
  const floor = best ? rank(best.rule.maxAutonomy) : rank(UNGRANTED);
  const refused = governing
    .filter((g) => g.failures.length > 0 && rank(g.rule.maxAutonomy) > floor)
    .map((g) => `rule ${g.index + 1} (${g.rule.pattern}) would allow ${g.rule.maxAutonomy} but ${g.failures.join(" and ")}`);
  if (!best) {
    return {
      maxAutonomy: UNGRANTED,
      rule: null,
      clause: governing[0].rule.clause ?? null,
      cap: null,
      reasons: [`no rule for ${governing[0].rule.pattern} grants ${query.action} here, so it is limited to ${UNGRANTED}`, ...refused],
    };
  }
  const { rule, index } = best;
  const held = describeConditions(rule.when, query);
  const grant = `rule ${index + 1} (${rule.pattern}${rule.clause ? `, ${citeClause(rule.clause)}` : ""}) allows up to ${rule.maxAutonomy}${held ? ` because ${held}` : ""}`;
  return {
    maxAutonomy: rule.maxAutonomy,
    rule: { index, pattern: rule.pattern, maxAutonomy: rule.maxAutonomy },
    clause: rule.clause ?? null,
    cap: null,
    reasons: [grant, ...refused],
  };
}

function applyCaps(doc: PolicyDocument, action: string, answer: AuthorityAnswer): AuthorityAnswer {
  let result = answer;
  for (const cap of doc.caps ?? []) {
    if (!matches(cap.pattern, action) || result.maxAutonomy === null) continue;
    if (rank(cap.maxAutonomy) >= rank(result.maxAutonomy)) continue;
    const when = cap.at ? ` on ${cap.at.slice(0, 10)}` : "";
    result = {
      ...result,
      maxAutonomy: lower(cap.maxAutonomy, result.maxAutonomy),
      cap,
      reasons: [`${cap.pattern} is capped at ${cap.maxAutonomy} by ${cap.by}${when}: ${cap.reason}`, ...result.reasons],
    };
  }
  return result;
}

const money = (value: number, currency: string) => `${Number.isInteger(value) ? value : value.toFixed(2)} ${currency}`;

/** The conditions of `when` that the query does not meet, as phrases; empty when all hold. */
export function unmet(when: Conditions | undefined, query: AuthorityQuery): string[] {
  if (!when) return [];
  const out: string[] = [];
  if (when.amount) {
    const limit = money(when.amount.max, when.amount.currency);
    if (query.amount === undefined) out.push(`no amount was stated (the limit is ${limit})`);
    else if (query.currency !== when.amount.currency)
      out.push(`the amount is in ${query.currency ?? "an unstated currency"} and the limit is ${limit}`);
    else if (query.amount > when.amount.max) out.push(`${money(query.amount, query.currency)} is above the ${limit} limit`);
  }
  if (when.confidence) {
    if (query.confidence === undefined) out.push(`no confidence was stated (at least ${when.confidence.min} is required)`);
    else if (query.confidence < when.confidence.min) out.push(`confidence ${query.confidence} is below ${when.confidence.min}`);
  }
  if (when.journeys) {
    const list = when.journeys.join(", ");
    if (query.journey === undefined) out.push(`no journey was stated (allowed: ${list})`);
    else if (!when.journeys.includes(query.journey)) out.push(`journey ${query.journey} is not one of ${list}`);
  }
  return out;
}

function describeConditions(when: Conditions | undefined, query: AuthorityQuery): string {
  if (!when) return "";
  const parts: string[] = [];
  if (when.amount && query.amount !== undefined) parts.push(`${money(query.amount, when.amount.currency)} is within ${money(when.amount.max, when.amount.currency)}`);
  if (when.confidence && query.confidence !== undefined) parts.push(`confidence ${query.confidence} is at least ${when.confidence.min}`);
  if (when.journeys && query.journey) parts.push(`journey ${query.journey} is covered`);
  return parts.join(", ");
}

export const citeClause = (c: ClauseRef) => `${c.id} v${c.version}${c.clause ? ` ${c.clause}` : ""}`;

/**
 * The version in force at `at`: of the versions effective at or before `at`, the one appended last.
 * Appended last, not effective last: a kill switch appended now must not be undone by a change that
 * was scheduled earlier for a later date.
 */
export function policyInForceAt<T extends PolicyInForce>(versions: readonly T[], at: string | Date | number): T | null {
  const t = typeof at === "string" ? Date.parse(at) : typeof at === "number" ? at : at.getTime();
  let found: T | null = null;
  for (const v of versions) {
    const from = typeof v.effectiveFrom === "string" ? Date.parse(v.effectiveFrom) : v.effectiveFrom.getTime();
    if (from <= t && (!found || v.version > found.version)) found = v;
  }
  return found;
}

export type CheckResult = "within" | "breach" | "none";

export interface ActionCheck {
  result: CheckResult;
  /** One sentence a person can read in an explanation. */
  sentence: string;
  answer: AuthorityAnswer | null;
}

/** The authority question an event asks: its action, amount, confidence and journey. */
export function queryOf(event: WarrantEvent): AuthorityQuery | null {
  if (event.type !== "action.executed" && event.type !== "ai.proposal") return null;
  return {
    action: event.action.name,
    amount: event.action.amount?.value,
    currency: event.action.amount?.currency,
    confidence: event.decision?.confidence,
    journey: event.journey,
  };
}

/**
 * Checks an executed action against the policy in force when it happened (pass `policyInForceAt(…)`).
 * Only AI-executed actions are judged; anything else, or no policy, is "none".
 */
export function checkAction(policy: PolicyInForce | null | undefined, event: WarrantEvent): ActionCheck {
  if (event.type !== "action.executed" || event.actor.type !== "ai") {
    return { result: "none", sentence: "Only actions executed by an AI are checked against the decision-authority policy.", answer: null };
  }
  const query = queryOf(event)!;
  const answer = evaluateAuthority(policy, query);
  const what = `${event.action.name}${query.amount !== undefined && query.currency ? ` of ${money(query.amount, query.currency)}` : ""}`;
  if (answer.maxAutonomy === null) {
    return { result: "none", sentence: `No decision-authority policy was in force when ${what} was executed at ${event.occurredAt}.`, answer };
  }
  const where = `policy ${answer.policy!.id} v${answer.policy!.version}`;
  const why = answer.reasons[0];
  if (rank(event.autonomy) <= rank(answer.maxAutonomy)) {
    return {
      result: "within",
      sentence: `The ${what}, executed at ${event.autonomy}, was within ${where}: ${why}.`,
      answer,
    };
  }
  return {
    result: "breach",
    sentence: `The ${what} was executed at ${event.autonomy}, above the ${answer.maxAutonomy} that ${where} allowed: ${why}.`,
    answer,
  };
}
