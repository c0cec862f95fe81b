// Simulates one customer case from first contact to feedback, as the events an AI support stack and
// its people would send. The AI acts at its journey's rollout level, never above the policy in force
// (the evaluator decides, as at ingest) — except where the story says it does: the refund-limit
// regression, and a rare slip elsewhere.
import { AUTONOMY_LEVELS, type Autonomy, type Channel } from "@/lib/events/constants";
import type { Action, Actor, Decision, WarrantEvent } from "@/lib/events/schema";
import { evaluateAuthority, policyInForceAt } from "@/lib/policy/evaluate";
import { lower, rank } from "@/lib/policy/schema";
import { ACTIONS, ANSWERS, caseFacts, NEEDS, type ActionSpec, type Facts } from "./actions";
import { AGENTS } from "./catalogue";
import type { DemoPolicyVersion } from "./policies";
import type { Random } from "./random";
import { BREACH_JOURNEY, CHANNEL_SHARE, DISRUPTION, HOLLOW_JOURNEY, JOURNEY_SHARE, rolloutLevel, type Journey } from "./story";
import { DAY, HOUR, type AiRelease, type Timeline } from "./timeline";

export interface Draft {
  t: number;
  event: WarrantEvent;
}

const MIN = 60_000;
const SEC = 1000;

/** Base confidence per journey: billing disputes are the hardest, order status the easiest. */
const CONFIDENCE: Record<Journey, number> = {
  order_status: 0.84,
  account_change: 0.8,
  refund: 0.78,
  delivery_failure: 0.74,
  service_recovery: 0.72,
  billing_dispute: 0.68,
};

interface CaseRef {
  caseId: string;
  journey: Journey;
  channel: Channel;
  customerRef: string;
}

/** Builds a case's events with the fields every event shares, in contract order. */
class CaseWriter {
  constructor(
    private readonly rng: Random,
    readonly ref: CaseRef,
    readonly out: Draft[],
  ) {}

  emit(t: number, type: WarrantEvent["type"], actor: Actor, fields: Record<string, unknown>, parentId?: string): string {
    const id = this.rng.uuid();
    const { caseId, journey, channel, customerRef } = this.ref;
    const event = { id, type, occurredAt: new Date(t).toISOString(), caseId, journey, channel, customerRef, actor, ...(parentId ? { parentId } : {}), ...fields };
    this.out.push({ t, event: event as WarrantEvent });
    return id;
  }
}

export class CaseSimulator {
  private caseNo = 0;
  private readonly customers: string[] = [];

  constructor(
    private readonly rng: Random,
    private readonly timeline: Timeline,
    private readonly policies: readonly DemoPolicyVersion[],
  ) {}

  /** A new case starting at `t0`; its events, and those of any repeat contact, go to `out`. */
  simulate(t0: number, out: Draft[]): void {
    const rng = this.rng;
    const day = this.timeline.day(t0);
    const surge = day >= DISRUPTION.from && day < DISRUPTION.to;
    const journey = rng.weighted(surge ? JOURNEY_SHARE.map(([j, w]) => [j, j === "delivery_failure" ? w * DISRUPTION.deliveryFailureFactor : w] as const) : JOURNEY_SHARE);
    const channel = rng.weighted(CHANNEL_SHARE);
    this.run(t0, journey, channel, this.customer(), 1, out);
  }

  private customer(): string {
    const rng = this.rng;
    if (this.customers.length > 50 && rng.chance(0.12)) return rng.pick(this.customers);
    const ref = `cus_${rng.hex(8)}`;
    if (this.customers.length < 5000) this.customers.push(ref);
    else this.customers[rng.int(0, 4999)] = ref;
    return ref;
  }

  private run(t0: number, journey: Journey, channel: Channel, customerRef: string, contact: number, out: Draft[]): void {
    const rng = this.rng;
    this.caseNo += 1;
    const w = new CaseWriter(rng, { caseId: `case_${2_104_000 + this.caseNo}`, journey, channel, customerRef }, out);
    const customer: Actor = { type: "customer", id: customerRef };
    let t = t0;
    w.emit(t, "case.opened", customer, { contact });

    const release = this.timeline.releaseAt(t0);
    const ai: Actor = { type: "ai", id: "cx-agent", version: release.name };
    const facts = caseFacts(rng, t0);
    const spec = rng.weighted(NEEDS[journey]);

    if (!rng.chance(channel === "voice" ? 0.8 : channel === "email" ? 0.92 : 0.97)) {
      t += this.wait(channel, "human");
      this.humanResolves(w, t, spec, facts, null, false);
      return;
    }
    t += this.wait(channel, "ai");
    // Repeat contacts ask for a person far more often.
    if (rng.chance((channel === "voice" ? 0.13 : 0.07) + (contact > 1 ? 0.3 : 0))) {
      w.emit(t, "handoff", ai, { from: "ai", to: "human", reason: "customer_requested", contextTransferred: rng.chance(0.9) });
      this.humanResolves(w, t + this.wait(channel, "human"), spec, facts, null, true);
      return;
    }
    // A tool the AI needs is down now and then (the order system, the carrier API).
    if (rng.chance(0.015)) {
      w.emit(t + rng.int(20, 90) * SEC, "handoff", ai, { from: "ai", to: "human", reason: "error", contextTransferred: rng.chance(0.6) });
      this.humanResolves(w, t + this.wait(channel, "human"), spec, facts, null, true);
      return;
    }
    if (!spec) {
      this.aiAnswers(w, t + rng.int(40, 240) * SEC, ai, facts, release, contact);
      return;
    }

    const confidence = this.confidence(journey, release);
    if (confidence < 0.58 && rng.chance(0.6)) {
      w.emit(t, "handoff", ai, { from: "ai", to: "human", reason: "low_confidence", contextTransferred: rng.chance(0.85) });
      this.humanResolves(w, t + this.wait(channel, "human"), spec, facts, null, true);
      return;
    }

    t += rng.int(30, 150) * SEC;
    facts.now = t;
    const amount = spec.amount?.(facts, rng);
    const action = this.action(spec, facts, amount);
    const level = this.level(t, journey, spec, amount, confidence, release);
    const wrong = rng.chance(release.badness * (1 - confidence));
    const decision = this.decision(spec, facts, amount, confidence, release);
    const ctx: Step = { w, ai, spec, facts, action, decision, wrong, release, contact };
    if (level === "assist") this.assist(t, ctx);
    else if (level === "approve") this.approve(t, ctx);
    else this.actAlone(t, level, ctx);
  }

  /** The level the AI acts at: its rollout level capped by the policy, unless the story says otherwise. */
  private level(t: number, journey: Journey, spec: ActionSpec, amount: number | undefined, confidence: number, release: AiRelease): Autonomy {
    const policy = policyInForceAt(this.policies, t);
    const answer = evaluateAuthority(policy, { action: spec.name, amount, currency: amount === undefined ? undefined : "EUR", confidence, journey });
    const operating = rolloutLevel(journey, this.timeline.day(t));
    const allowed = answer.maxAutonomy ?? operating;
    // The regression: for orders with several items, this release checks refunds against its rollout level only. Caps (the kill switch)
    // are enforced by the orchestration layer, so they still hold.
    if (release.ignoresRefundLimits && journey === BREACH_JOURNEY && spec.name.startsWith("refund.") && !answer.cap && this.rng.chance(0.6)) return operating;
    if (rank(operating) > rank(allowed) && this.rng.chance(0.01)) return AUTONOMY_LEVELS[rank(allowed) + 1];
    return lower(operating, allowed);
  }

  private confidence(journey: Journey, release: AiRelease): number {
    const value = this.rng.normal(CONFIDENCE[journey] + release.confidenceLift, 0.14);
    return Math.round(Math.min(0.99, Math.max(0.08, value)) * 100) / 100;
  }

  private action(spec: ActionSpec, facts: Facts, amount: number | undefined): Action {
    return {
      name: spec.name,
      target: { system: spec.system, ref: spec.ref(facts) },
      ...(amount === undefined ? {} : { amount: { value: amount, currency: "EUR" } }),
      reversible: spec.reversible,
    };
  }

  private decision(spec: ActionSpec, facts: Facts, amount: number | undefined, confidence: number, release: AiRelease): Decision {
    const rng = this.rng;
    const alternatives = spec.alternatives.length > 1 && rng.chance(0.4) ? spec.alternatives.slice(0, 2) : [rng.pick(spec.alternatives)];
    return {
      rationale: rng.pick(spec.rationale)(facts, amount, rng),
      confidence,
      evidence: spec.evidence(facts, amount, rng),
      policy: spec.basis,
      alternatives: alternatives.map((alt) => ({ action: alt.action, whyNot: alt.whyNot(facts, amount, rng) })),
      ...(rng.chance(0.45) ? { counterfactual: rng.pick(spec.counterfactual)(facts, amount, rng) } : {}),
      model: release.model,
    };
  }

  private wait(channel: Channel, who: "ai" | "human"): number {
    const rng = this.rng;
    if (who === "ai") return channel === "email" ? rng.int(2, 40) * MIN : rng.int(8, 60) * SEC;
    if (channel === "email") return Math.round(rng.logNormal(3 * HOUR, 0.7));
    return Math.round(rng.logNormal(channel === "voice" ? 90 * SEC : 4 * MIN, 0.6));
  }

  /** AI suggests, a person acts: the case is handed over with the proposal. */
  private assist(t: number, s: Step) {
    const { w, ai } = s;
    const rng = this.rng;
    const proposal = w.emit(t, "ai.proposal", ai, { action: s.action, decision: s.decision });
    t += rng.int(3, 20) * SEC;
    w.emit(t, "handoff", ai, { from: "ai", to: "human", reason: "policy_required", contextTransferred: rng.chance(0.86 + 0.04 * this.releaseIndex(s.release)) });
    const agent = rng.pick(AGENTS);
    const latency = Math.max(SEC, Math.round(rng.logNormal(4 * MIN, 0.6)));
    t += latency;
    const outcome = this.review(w, t, proposal, agent, latency, s);
    if (outcome === "rejected") {
      this.humanResolves(w, t + rng.int(1, 6) * MIN, null, s.facts, agent, true);
      return;
    }
    t += rng.int(20, 240) * SEC;
    w.emit(t, "action.executed", { type: "human", id: agent.id }, { action: this.edited(s, outcome), autonomy: "assist" }, proposal);
    this.close(w, t + rng.int(1, 8) * MIN, { type: "human", id: agent.id }, "hybrid", s, true);
  }

  /** AI acts after a person approves its proposal; the conversation stays with the AI. */
  private approve(t: number, s: Step) {
    const { w, ai } = s;
    const rng = this.rng;
    const proposal = w.emit(t, "ai.proposal", ai, { action: s.action, decision: s.decision });
    const agent = rng.pick(AGENTS);
    const expired = rng.chance(0.025);
    const latency = expired ? 30 * MIN : Math.min(25 * MIN, Math.max(3 * SEC, Math.round(rng.logNormal(100 * SEC, 0.9))));
    t += latency;
    const outcome = expired ? "expired" : this.review(w, t, proposal, agent, latency, s);
    if (expired) this.decided(w, t, proposal, agent, "expired", latency);
    if (outcome === "expired" || (outcome === "rejected" && rng.chance(0.55))) {
      w.emit(t + 5 * SEC, "handoff", ai, { from: "ai", to: "human", reason: outcome === "expired" ? "other" : "policy_required", contextTransferred: rng.chance(0.9) });
      this.humanResolves(w, t + this.wait(w.ref.channel, "human"), null, s.facts, agent, true);
      return;
    }
    if (outcome === "rejected") {
      this.close(w, t + rng.int(1, 5) * MIN, ai, "ai", s, false);
      return;
    }
    t += rng.int(2, 15) * SEC;
    const by = outcome === "edited" ? `edited by ${agent.name}` : `approved by ${agent.name}`;
    w.emit(t, "action.executed", ai, {
      action: this.edited(s, outcome),
      autonomy: "approve",
      decision: { rationale: `Carrying out the ${s.action.name.replace(/[._]/g, " ")} ${by} (${agent.id}).`, confidence: s.decision.confidence, policy: s.decision.policy },
    }, proposal);
    this.close(w, t + rng.int(1, 6) * MIN, ai, "ai", s, true);
  }

  /** AI acts alone; at supervised a person reviews afterwards, at autonomous only complaints and audits catch errors. */
  private actAlone(t: number, level: Autonomy, s: Step) {
    const { w, ai } = s;
    const rng = this.rng;
    const executed = w.emit(t, "action.executed", ai, { action: s.action, autonomy: level, decision: s.decision });
    const outcomeAt = t + rng.int(1, 6) * MIN;
    this.close(w, outcomeAt, ai, "ai", s, true);
    if (!s.wrong || (level === "autonomous" && !rng.chance(0.75))) return;
    const agent = rng.pick(AGENTS);
    const reviewer: Actor = { type: "human", id: agent.id };
    if (level === "supervised" ? rng.chance(0.7) : rng.chance(0.45)) {
      const at = t + Math.round(rng.logNormal(level === "supervised" ? 50 * MIN : 7 * HOUR, 0.8));
      const replacement = s.spec.replacement && rng.chance(0.5) ? { replacement: s.spec.replacement(s.facts, s.action.amount?.value) } : {};
      w.emit(at, "action.overridden", reviewer, { reason: rng.pick(s.spec.overridden)(s.facts, s.action.amount?.value, rng), ...replacement }, executed);
      if (s.spec.reversible && rng.chance(0.6)) w.emit(at + rng.int(20, 600) * SEC, "action.reversed", reviewer, { reason: `Rolled back after the override by ${agent.id}.`, by: "human" }, executed);
      return;
    }
    if (!s.spec.reversible) return;
    const by = rng.weighted([["human", 50], ["customer", 30], ["system", 20]] as const);
    const actor: Actor = by === "customer" ? { type: "customer", id: w.ref.customerRef } : by === "system" ? { type: "system", id: `${s.spec.system}-sync` } : reviewer;
    w.emit(t + Math.round(rng.logNormal(20 * HOUR, 0.9)), "action.reversed", actor, { reason: rng.pick(s.spec.reversed)(s.facts, s.action.amount?.value, rng), by }, executed);
  }

  /** A person decides a proposal: wrong ones are mostly rejected or edited. Returns the outcome. */
  private review(w: CaseWriter, t: number, proposal: string, agent: (typeof AGENTS)[number], latency: number, s: Step) {
    const rng = this.rng;
    const outcome = !s.wrong ? "approved" : s.spec.edited && rng.chance(0.45) ? "edited" : rng.chance(0.85) ? "rejected" : "approved";
    const reason = outcome === "rejected" ? rng.pick(s.spec.rejected)(s.facts, s.action.amount?.value, rng) : outcome === "edited" ? s.spec.edited!.reason(s.facts, s.action.amount?.value, rng) : undefined;
    this.decided(w, t, proposal, agent, outcome, latency, reason);
    return outcome;
  }

  private decided(w: CaseWriter, t: number, proposal: string, agent: (typeof AGENTS)[number], outcome: string, latency: number, reason?: string) {
    w.emit(t, "approval.decided", { type: "human", id: agent.id }, { outcome, reviewer: { id: agent.id, name: agent.name }, latencyMs: latency, ...(reason ? { reason } : {}) }, proposal);
  }

  private edited(s: Step, outcome: string): Action {
    if (outcome !== "edited" || !s.action.amount || !s.spec.edited) return s.action;
    const [lo, hi] = s.spec.edited.factor;
    const value = Math.round(s.action.amount.value * this.rng.between(lo, hi) * 100) / 100;
    return { ...s.action, amount: { value, currency: s.action.amount.currency } };
  }

  /** A question the AI answers without acting. In the hollow journey, many of these do not hold. */
  private aiAnswers(w: CaseWriter, t: number, ai: Actor, facts: Facts, release: AiRelease, contact: number) {
    const summary = this.rng.pick(ANSWERS[w.ref.journey])(facts, undefined, this.rng);
    this.close(w, t, ai, "ai", { w, ai, spec: null, facts, wrong: false, release, contact }, true, summary);
  }

  /** A person takes the case over and resolves it (with the action the customer needed, if any). */
  private humanResolves(w: CaseWriter, t: number, spec: ActionSpec | null, facts: Facts, agent: (typeof AGENTS)[number] | null, afterAi: boolean) {
    const rng = this.rng;
    const person = agent ?? rng.pick(AGENTS);
    const actor: Actor = { type: "human", id: person.id };
    if (spec) {
      const amount = spec.amount?.(facts, rng);
      w.emit(t, "action.executed", actor, { action: this.action(spec, facts, amount), autonomy: "assist" });
      t += rng.int(1, 10) * MIN;
    }
    const unresolved = rng.chance(0.05);
    w.emit(t, "case.outcome", actor, unresolved ? { status: "unresolved", attestedBy: "agent" } : { status: "resolved", resolvedBy: afterAi ? "hybrid" : "human", attestedBy: rng.chance(0.55) ? "agent" : "customer" });
    if (!unresolved && rng.chance(0.035)) this.comeBack(w, t, afterAi ? 0.5 : 0);
    this.feedback(w, t, unresolved ? 2.4 : 4.1, afterAi ? "case" : "human");
  }

  /** Closes a case the AI (or, after assist, a person) handled; decides whether it holds. */
  private close(w: CaseWriter, t: number, actor: Actor, resolvedBy: "ai" | "human" | "hybrid", s: StepLike, done: boolean, summary?: string) {
    const rng = this.rng;
    const hollowKind = w.ref.journey === HOLLOW_JOURNEY && resolvedBy === "ai" && (s.spec === null || s.spec === ACTIONS.deliveryReschedule || s.spec === ACTIONS.carrierClaim);
    const abandoned = rng.chance(hollowKind ? 0.08 : 0.04);
    const attestedBy = hollowKind ? rng.weighted([["timeout", 45], ["judge", 35], ["customer", 20]] as const) : resolvedBy === "ai" ? rng.weighted([["customer", 50], ["judge", 32], ["timeout", 18]] as const) : rng.chance(0.5) ? "agent" : "customer";
    const status = abandoned ? "abandoned" : done ? "resolved" : rng.chance(0.6) ? "resolved" : "unresolved";
    w.emit(t, "case.outcome", actor, {
      status,
      ...(status === "resolved" ? { resolvedBy } : {}),
      attestedBy: abandoned ? "timeout" : attestedBy,
      ...(summary ? { attributes: { summary } } : {}),
    });
    if (status !== "resolved") {
      this.feedback(w, t, abandoned ? 1.8 : 2.6, resolvedBy === "ai" ? "ai" : "case", 0.12);
      return;
    }
    const idx = this.releaseIndex(s.release);
    const comesBack = hollowKind ? 0.55 - 0.06 * idx : s.wrong ? 0.14 : 0.045;
    const willReturn = rng.chance(comesBack);
    // People who sense the fix will not hold say so in the survey; errors and approvals cost points too.
    const mood = 3.95 + 0.2 * idx - (willReturn ? 1.5 : 0) - (s.wrong ? 0.9 : 0) - (hollowKind ? 0.35 : 0);
    this.feedback(w, t, mood, resolvedBy === "ai" ? "ai" : "case");
    if (willReturn) this.comeBack(w, t, 0.7);
  }

  /** The customer comes back: a repeat contact about the same issue, or a reopened case. */
  private comeBack(w: CaseWriter, t: number, repeatShare: number) {
    const rng = this.rng;
    const at = t + Math.round(rng.between(0.6, 6) * DAY);
    if (rng.chance(repeatShare)) {
      const channel = rng.chance(0.7) ? w.ref.channel : rng.weighted(CHANNEL_SHARE);
      this.run(at, w.ref.journey, channel, w.ref.customerRef, 2, w.out);
      return;
    }
    w.emit(at, "case.reopened", { type: "customer", id: w.ref.customerRef }, {});
    const agent = rng.pick(AGENTS);
    w.emit(at + rng.int(20, 180) * SEC, "handoff", { type: "ai", id: "cx-agent", version: this.timeline.releaseAt(at).name }, { from: "ai", to: "human", reason: "customer_requested", contextTransferred: rng.chance(0.8) });
    const done = at + this.wait(w.ref.channel, "human") + rng.int(5, 30) * MIN;
    w.emit(done, "case.outcome", { type: "human", id: agent.id }, { status: "resolved", resolvedBy: "hybrid", attestedBy: rng.chance(0.6) ? "customer" : "agent" });
  }

  private feedback(w: CaseWriter, t: number, mood: number, about: "ai" | "human" | "case", p = 0.28) {
    const rng = this.rng;
    if (!rng.chance(p)) return;
    const at = t + Math.round(rng.logNormal(2 * HOUR, 1));
    const customer: Actor = { type: "customer", id: w.ref.customerRef };
    if (rng.chance(0.9)) {
      const score = Math.min(5, Math.max(1, Math.round(rng.normal(mood, 0.75))));
      w.emit(at, "feedback", customer, { survey: "csat", score, scaleMax: 5, about });
    } else {
      const score = Math.min(7, Math.max(1, Math.round(rng.normal(mood * 1.4, 1))));
      w.emit(at, "feedback", customer, { survey: "ces", score, scaleMax: 7, about });
    }
  }

  private releaseIndex(release: AiRelease): number {
    return this.timeline.releases.indexOf(release);
  }
}

interface StepLike {
  w: CaseWriter;
  ai: Actor;
  spec: ActionSpec | null;
  facts: Facts;
  wrong: boolean;
  release: AiRelease;
  contact: number;
}

interface Step extends StepLike {
  spec: ActionSpec;
  action: Action;
  decision: Decision;
}
