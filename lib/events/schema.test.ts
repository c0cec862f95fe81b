import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  actionExecuted,
  aiProposal,
  approvalDecided,
  caseOpened,
  caseOutcome,
  caseReopened,
  exampleByType,
  feedback,
  handoff,
  actionOverridden,
  actionReversed,
  overrideJourney,
  refundJourney,
} from "./examples";
import { EVENT_TYPES, MAX_ISSUES } from "./schema";
import { UNREADABLE, validateEvents } from "./validate";

type Obj = Record<string, unknown>;
const clone = <T>(value: T): Obj => structuredClone(value) as Obj;
const without = (event: object, key: string): Obj => {
  const copy = clone(event);
  delete copy[key];
  return copy;
};
const withDecision = (event: object, decision: Obj) => ({ ...clone(event), decision });
const proposalDecision = (patch: Obj) => withDecision(aiProposal, { ...clone(aiProposal.decision), ...patch });
const aiAction = (action: Obj) => ({ ...clone(aiProposal), action: { ...clone(aiProposal.action), ...action } });
const evidence = (n: number) => Array.from({ length: n }, (_, i) => ({ source: "crm", summary: `fact ${i}` }));

function issuesOf(event: unknown) {
  const result = validateEvents([event]);
  if (result.ok) throw new Error("expected the event to be rejected");
  return result.issues;
}

/** An object with `levels` objects nested inside it: {a: {a: … {} …}}. */
const nested = (levels: number) => {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

describe("valid events", () => {
  it.each(Object.entries(exampleByType))("accepts a realistic %s", (_type, event) => {
    expect(validateEvents([event])).toEqual({ ok: true, events: [event] });
  });

  it("has an example of every event type", () => {
    expect(Object.keys(exampleByType).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it("accepts both example journeys as one batch, returning the very same objects", () => {
    const batch = [...refundJourney, ...overrideJourney];
    const result = validateEvents(batch);
    expect(result.ok).toBe(true);
    if (result.ok) result.events.forEach((event, i) => expect(event).toBe(batch[i]));
  });

  it.each([
    ["a human action without a decision", without({ ...actionExecuted, actor: { type: "human", id: "agent_7" } }, "decision")],
    ["a time zone offset", { ...caseOpened, occurredAt: "2025-03-11T10:12:40.123456+01:00" }],
    ["an omitted optional customerRef", without(caseOpened, "customerRef")],
    ["a score equal to scaleMax", { ...feedback, survey: "nps", score: 10, scaleMax: 10 }],
    ["attributes just under the limit", { ...caseReopened, attributes: { note: "x".repeat(16 * 1024 - 12) } }],
    ["attributes nested 32 levels, counting themselves", { ...caseReopened, attributes: nested(31) }],
  ])("accepts %s", (_name, event) => {
    expect(validateEvents([event]).ok).toBe(true);
  });

  it("keeps an attributes key named __proto__ as sent", () => {
    const event = JSON.parse(JSON.stringify({ ...caseReopened, attributes: {} }).replace('"attributes":{}', '"attributes":{"__proto__":{"a":1}}'));
    const result = validateEvents([event]);
    expect(result.ok && JSON.stringify(result.events[0])).toContain('"__proto__":{"a":1}');
  });

  it("holds what hides under an attributes key named __proto__ to the same depth and size limits", () => {
    const under = (value: string) =>
      JSON.parse(JSON.stringify({ ...caseReopened, attributes: {} }).replace('"attributes":{}', `"attributes":{"__proto__":${value}}`));
    // 5,000 levels: deep enough that serialising it recursively would exhaust the stack.
    const deep = validateEvents([under('{"a":'.repeat(5000) + "1" + "}".repeat(5000))]);
    expect(deep).toEqual({ ok: false, issues: [{ index: 0, path: "attributes", message: "must not nest objects or arrays more than 32 levels deep" }] });
    const big = validateEvents([under(JSON.stringify("x".repeat(20_000)))]);
    expect(big.ok).toBe(false);
    expect(!big.ok && big.issues[0]).toMatchObject({ path: "attributes", message: expect.stringMatching(/^must be at most \d+ bytes as JSON/) });
  });
});

// [rule, input, path, message (exact string or pattern)]
const rejections: [string, unknown, string, string | RegExp][] = [
  ["unknown top-level field", { ...caseOpened, foo: 1 }, "foo", 'unknown field "foo"'],
  ["unknown nested field", { ...caseOpened, actor: { type: "human", id: "a", nickname: "x" } }, "actor.nickname", 'unknown field "nickname"'],
  ["unknown field on a type without own fields", { ...caseReopened, contact: 2 }, "contact", 'unknown field "contact"'],
  ["unknown type", { ...caseOpened, type: "case.closed" }, "type", /^expected one of: case\.opened, ai\.proposal, .* \(got "case\.closed"\)$/],
  ["missing type", without(caseOpened, "type"), "type", /^required \(one of: case\.opened, /],
  ["non-object event", "hello", "", 'expected an object (got "hello")'],
  ["id that is not a UUID", { ...caseOpened, id: "evt-1" }, "id", 'must be a UUID (got "evt-1")'],
  ["occurredAt without a zone", { ...caseOpened, occurredAt: "2025-03-11T09:12:40" }, "occurredAt", /with seconds and a time zone/],
  ["occurredAt as a bare date", { ...caseOpened, occurredAt: "2025-03-11" }, "occurredAt", /time zone.*\(got "2025-03-11"\)/],
  ["occurredAt with a megabyte of fraction", { ...caseOpened, occurredAt: `2025-03-11T09:12:40.${"1".repeat(1e6)}Z` }, "occurredAt", "must be at most 40 characters (got 1000021)"],
  ["occurredAt as a number", { ...caseOpened, occurredAt: 1741684360 }, "occurredAt", "expected a string (got 1741684360)"],
  ["caseId over 200", { ...caseOpened, caseId: "c".repeat(201) }, "caseId", "must be at most 200 characters (got 201)"],
  ["empty caseId", { ...caseOpened, caseId: "" }, "caseId", "must not be empty"],
  ["journey over 100", { ...caseOpened, journey: "j".repeat(101) }, "journey", "must be at most 100 characters (got 101)"],
  ["unknown channel", { ...caseOpened, channel: "sms" }, "channel", 'expected one of: chat, voice, email, messaging, web, api, other (got "sms")'],
  ["customerRef over 200", { ...caseOpened, customerRef: "c".repeat(201) }, "customerRef", "must be at most 200 characters (got 201)"],
  ["missing actor", without(caseOpened, "actor"), "actor", "required"],
  ["unknown actor type", { ...caseOpened, actor: { type: "robot", id: "r" } }, "actor.type", /^expected one of: ai, human, system, customer/],
  ["actor version over 200", { ...caseOpened, actor: { type: "ai", id: "a", version: "v".repeat(201) } }, "actor.version", /at most 200/],
  ["parentId that is not a UUID", { ...caseOpened, parentId: "prop-1" }, "parentId", /must be a UUID/],
  ["attributes over 16 KiB", { ...caseOpened, attributes: { blob: "x".repeat(17_000) } }, "attributes", /^must be at most 16384 bytes as JSON \(got 170\d\d\)$/],
  ["attributes as an array", { ...caseOpened, attributes: [1] }, "attributes", "expected an object (got an array)"],
  ["attributes nested 33 levels", { ...caseOpened, attributes: nested(32) }, "attributes", "must not nest objects or arrays more than 32 levels deep"],
  // 16 KiB of brackets: small enough for the byte limit, deep enough to overflow a recursive canonicaliser.
  ["attributes nested 8,000 levels", { ...caseOpened, attributes: { a: JSON.parse("[".repeat(8000) + "]".repeat(8000)) } }, "attributes", "must not nest objects or arrays more than 32 levels deep"],
  ["a proposal by a human", { ...aiProposal, actor: { type: "human", id: "agent_1" } }, "actor.type", 'must be "ai": only an AI makes proposals (got "human")'],
  ["a proposal without a rationale", proposalDecision({ rationale: undefined }), "decision.rationale", "required for AI actors"],
  ["a proposal without a decision", without(aiProposal, "decision"), "decision", "required"],
  ["a proposal without an action", without(aiProposal, "action"), "action", "required"],
  ["an AI action without a decision", without(actionExecuted, "decision"), "decision", "required for AI actors"],
  ["an AI action without a rationale", withDecision(actionExecuted, { confidence: 0.5 }), "decision.rationale", "required for AI actors"],
  ["an action without autonomy", without(actionExecuted, "autonomy"), "autonomy", /^required \(one of: assist, approve, supervised, autonomous\)$/],
  ["an unknown autonomy", { ...actionExecuted, autonomy: "full" }, "autonomy", /^expected one of: assist, approve, supervised, autonomous/],
  ["confidence above 1", proposalDecision({ confidence: 1.7 }), "decision.confidence", "must be at most 1 (got 1.7)"],
  ["confidence below 0", proposalDecision({ confidence: -0.1 }), "decision.confidence", "must be at least 0 (got -0.1)"],
  ["rationale over 4000", proposalDecision({ rationale: "r".repeat(4001) }), "decision.rationale", "must be at most 4000 characters (got 4001)"],
  ["more than 50 evidence items", proposalDecision({ evidence: evidence(51) }), "decision.evidence", "must have at most 50 items (got 51)"],
  ["an empty evidence summary", proposalDecision({ evidence: [...evidence(2), { source: "crm", summary: "" }] }), "decision.evidence[2].summary", "must not be empty"],
  ["an evidence summary over 2000", proposalDecision({ evidence: [{ source: "crm", summary: "s".repeat(2001) }] }), "decision.evidence[0].summary", /at most 2000/],
  ["more than 20 alternatives", proposalDecision({ alternatives: Array(21).fill({ action: "a", whyNot: "b" }) }), "decision.alternatives", "must have at most 20 items (got 21)"],
  ["an alternative without whyNot", proposalDecision({ alternatives: [{ action: "voucher.issue" }] }), "decision.alternatives[0].whyNot", "required"],
  ["a policy without version", proposalDecision({ policy: { id: "refunds" } }), "decision.policy.version", "required"],
  ["an action name with capitals", aiAction({ name: "Refund.Issue" }), "action.name", /^must be dot-separated lowercase letters, digits and _, e\.g\. refund\.issue \(got "Refund\.Issue"\)$/],
  ["an action name with a trailing dot", aiAction({ name: "refund." }), "action.name", /dot-separated/],
  ["an action name over 100", aiAction({ name: "a".repeat(101) }), "action.name", "must be at most 100 characters (got 101)"],
  ["a negative amount", aiAction({ amount: { value: -1, currency: "EUR" } }), "action.amount.value", "must be at least 0 (got -1)"],
  ["an amount as a string", aiAction({ amount: { value: "42.00", currency: "EUR" } }), "action.amount.value", 'expected a number (got "42.00")'],
  ["a lower-case currency", aiAction({ amount: { value: 42, currency: "eur" } }), "action.amount.currency", /ISO 4217 .*\(got "eur"\)$/],
  ["a target without ref", aiAction({ target: { system: "shopify" } }), "action.target.ref", "required"],
  ["reversible as a string", aiAction({ reversible: "yes" }), "action.reversible", 'expected true or false (got "yes")'],
  ["an approval without parentId", without(approvalDecided, "parentId"), "parentId", "required"],
  ["an unknown approval outcome", { ...approvalDecided, outcome: "maybe" }, "outcome", /^expected one of: approved, edited, rejected, expired/],
  ["a reviewer without id", { ...approvalDecided, reviewer: { name: "Sam" } }, "reviewer.id", "required"],
  ["a fractional latency", { ...approvalDecided, latencyMs: 1.5 }, "latencyMs", "expected a whole number (got 1.5)"],
  ["a negative latency", { ...approvalDecided, latencyMs: -3 }, "latencyMs", "must be at least 0 (got -3)"],
  ["an override without parentId", without(actionOverridden, "parentId"), "parentId", "required"],
  ["an override without reason", without(actionOverridden, "reason"), "reason", "required"],
  ["an override reason over 2000", { ...actionOverridden, reason: "r".repeat(2001) }, "reason", /at most 2000/],
  ["a reversal without by", without(actionReversed, "by"), "by", /^required \(one of: ai, human, system, customer\)$/],
  ["a reversal without parentId", without(actionReversed, "parentId"), "parentId", "required"],
  ["an unknown handoff reason", { ...handoff, reason: "bored" }, "reason", /^expected one of: customer_requested, /],
  ["a handoff to a system", { ...handoff, to: "system" }, "to", 'expected one of: ai, human (got "system")'],
  ["contextTransferred as a string", { ...handoff, contextTransferred: "yes" }, "contextTransferred", 'expected true or false (got "yes")'],
  ["an outcome without attestedBy", without(caseOutcome, "attestedBy"), "attestedBy", /^required/],
  ["an unknown resolver", { ...caseOutcome, resolvedBy: "bot" }, "resolvedBy", /^expected one of: ai, human, hybrid/],
  ["contact 0", { ...caseOpened, contact: 0 }, "contact", "must be at least 1 (got 0)"],
  ["a fractional contact", { ...caseOpened, contact: 1.5 }, "contact", "expected a whole number (got 1.5)"],
  ["a score above scaleMax", { ...feedback, score: 7 }, "score", "must be at most scaleMax (5) (got 7)"],
  ["an unknown survey", { ...feedback, survey: "sus" }, "survey", 'expected one of: csat, ces, nps (got "sus")'],
  ["a non-positive scaleMax", { ...feedback, score: 0, scaleMax: 0 }, "scaleMax", "must be greater than 0 (got 0)"],
];

describe("contract rules", () => {
  it.each(rejections)("rejects %s", (_rule, input, path, message) => {
    const issues = issuesOf(input);
    const match = issues.find((issue) => issue.path === path);
    expect(match, `no issue at "${path}" in ${JSON.stringify(issues)}`).toBeDefined();
    if (typeof message === "string") expect(match?.message).toBe(message);
    else expect(match?.message).toMatch(message);
    expect(match?.index).toBe(0);
  });
});

describe("validateEvents", () => {
  it("reports the index of the failing event and rejects the whole batch", () => {
    const result = validateEvents([caseOpened, { ...aiProposal, decision: { ...aiProposal.decision, confidence: 2 } }]);
    expect(result).toEqual({ ok: false, issues: [{ index: 1, path: "decision.confidence", message: "must be at most 1 (got 2)" }] });
  });

  it(`caps the number of issues at ${MAX_ISSUES}`, () => {
    const hostile = Array.from({ length: 1000 }, () => ({ ...caseOpened, a: 1, b: 2, c: 3 }));
    const result = validateEvents(hostile);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toHaveLength(MAX_ISSUES);
  });

  it("caps issues from one event with many unknown keys", () => {
    const event: Obj = { ...caseOpened };
    for (let i = 0; i < 10_000; i++) event[`k${i}`] = i;
    const result = validateEvents([event]);
    expect(!result.ok && result.issues.length).toBe(MAX_ISSUES);
  });

  it("clips a huge unknown key in the path and the message", () => {
    const [issue] = issuesOf({ ...caseOpened, ["k".repeat(100_000)]: 1 });
    expect(issue.path.length).toBeLessThan(80);
    expect(issue.message.length).toBeLessThan(100);
  });

  it("refuses more than 1000 events with a single issue", () => {
    const result = validateEvents(Array(1001).fill(caseOpened));
    expect(result).toEqual({ ok: false, issues: [{ index: 1000, path: "", message: "too many events: at most 1000 per request (got 1001)" }] });
  });

  it("never throws on arbitrary input, only returns issues", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.anything(), fc.object(), fc.jsonValue()), { maxLength: 5 }), (input) => {
        const result = validateEvents(input);
        if (!result.ok) for (const issue of result.issues) expect(issue.message).not.toBe(UNREADABLE);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws when any field of a valid event is replaced by anything", () => {
    const examples = Object.values(exampleByType);
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.nat(), fc.oneof(fc.anything(), fc.jsonValue()), (example, pick, value) => {
        const event = clone(example);
        const keys = Object.keys(event);
        event[keys[pick % keys.length]] = value;
        const result = validateEvents([event]);
        expect(result.ok || result.issues.every((issue) => issue.message !== UNREADABLE && issue.path !== undefined)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
