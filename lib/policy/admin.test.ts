import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessLog, policyVersions } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { ensureWorkspace } from "@/lib/workspaces";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { liftCapBy, lowerToAssistBy, parsePolicyText, type PolicyActor, PolicyChangeRefused, policyOverview, publishPolicyBy, versionJson } from "./admin";
import { authorityCheckAnswerSchema, killSwitchRequestSchema, policyPublishRequestSchema, policyVersionSchema } from "./api-schemas";
import { checkAuthority } from "./authority";
import { describeClause, describeConditions, policyToYaml, STARTER_POLICY } from "./describe";
import { policyChange } from "./http";
import { PolicyValidationError } from "./load";
import { appendPolicyVersion } from "./store";

const admin: PolicyActor = { by: "ines.moreau@fernhill.example", ip: "203.0.113.9", via: "page" };

const YAML = `id: decision-authority
title: Who may decide what
rules:
  - pattern: "*"
    maxAutonomy: approve
  - pattern: refund.*
    maxAutonomy: autonomous
    when: { amount: { max: 75, currency: EUR } }
    clause: { id: refund-policy, version: 3, clause: "§2.2" }
`;

// Line 4, column 18 is where "full" starts.
const BROKEN = `id: decision-authority
rules:
  - pattern: refund.*
    maxAutonomy: full
`;

async function refusal(work: Promise<unknown>): Promise<ApiError> {
  try {
    await work;
  } catch (error) {
    if (ApiError.is(error)) return error;
    throw error;
  }
  throw new Error("expected an ApiError");
}

describe.each(ENGINES)("policy changes by people on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
    for (const id of ["shop", "quiet", "later"]) await ensureWorkspace(t.handle.db, id);
  });
  afterAll(() => t?.close());

  const logOf = (workspace: string) => t.handle.db.select().from(accessLog).where(eq(accessLog.workspaceId, workspace)).orderBy(accessLog.id);
  const versionsOf = (workspace: string) => t.handle.db.select().from(policyVersions).where(eq(policyVersions.workspaceId, workspace));

  it("publishes YAML text as a new version and writes who, why and from where to the access log", async () => {
    const v1 = await publishPolicyBy(t.handle.db, admin, "shop", { document: YAML, reason: "first policy" });
    expect(v1).toMatchObject({ version: 1, createdBy: admin.by, reason: "first policy", document: { id: "decision-authority" } });
    expect(await logOf("shop")).toMatchObject([
      { actor: admin.by, action: "policy.published", target: "decision-authority v1", ip: "203.0.113.9", details: { policyVersion: 1, reason: "first policy", via: "page" } },
    ]);
    const answer = await checkAuthority(t.handle.db, "shop", { action: "refund.issue", amount: { value: 40, currency: "EUR" } });
    expect(answer).toMatchObject({ allowedAutonomy: "autonomous", policyVersion: 1, clause: { id: "refund-policy", version: 3, clause: "§2.2" } });
    expect(authorityCheckAnswerSchema.safeParse(answer).success).toBe(true);
    expect(policyVersionSchema.safeParse(versionJson(v1)).success).toBe(true);
  });

  it("refuses a document with problems, naming each with its line and column, and stores nothing", async () => {
    const error = await publishPolicyBy(t.handle.db, admin, "quiet", { document: BROKEN, reason: "typo" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyValidationError);
    expect((error as PolicyValidationError).issues).toEqual([
      { path: "rules[0].maxAutonomy", message: expect.stringMatching(/expected one of: assist, approve, supervised, autonomous \(got "full"\)/), line: 4, column: 18 },
    ]);
    expect(await versionsOf("quiet")).toEqual([]);
    expect(await logOf("quiet")).toEqual([]);
  });

  it("answers an invalid policy through the API as a 400 with the document's field paths and positions", async () => {
    const answer = await refusal(policyChange(publishPolicyBy(t.handle.db, admin, "quiet", { document: BROKEN, reason: "typo" }), "document"));
    expect(answer).toMatchObject({ status: 400, code: "invalid_policy", issues: [{ path: "document.rules[0].maxAutonomy", line: 4, column: 18 }] });
    const asJson = await refusal(policyChange(publishPolicyBy(t.handle.db, admin, "quiet", { document: { id: "p", rules: [{ pattern: "Refund*", maxAutonomy: "assist" }] }, reason: "x" }), "document"));
    expect(asJson.issues).toEqual([{ path: "document.rules[0].pattern", message: expect.stringMatching(/must be \*, an action name/) }]);
    expect(await versionsOf("quiet")).toEqual([]);
  });

  it("refuses a workspace that does not exist, with a 404 through the API", async () => {
    const error = await publishPolicyBy(t.handle.db, admin, "nowhere", { document: YAML, reason: "typo in the workspace" }).catch((e: unknown) => e);
    expect(PolicyChangeRefused.isRefusal(error)).toBe(true);
    expect(await refusal(policyChange(lowerToAssistBy(t.handle.db, admin, "nowhere", { pattern: "refund.*", reason: "x" })))).toMatchObject({ status: 404, code: "not_found" });
    expect(await versionsOf("nowhere")).toEqual([]);
  });

  it("lowers a pattern to assist and lifts it again, each change in the access log; lifting nothing is a 409", async () => {
    const db = t.handle.db;
    const v2 = await lowerToAssistBy(db, admin, "shop", { pattern: "refund.*", reason: "refunds above the limit went out autonomously" });
    expect(v2.document.caps).toEqual([expect.objectContaining({ pattern: "refund.*", maxAutonomy: "assist", by: admin.by })]);
    expect((await checkAuthority(db, "shop", { action: "refund.issue", amount: { value: 40, currency: "EUR" } })).allowedAutonomy).toBe("assist");

    const v3 = await liftCapBy(db, admin, "shop", { pattern: "refund.*", reason: "fixed" });
    expect(v3.document.caps).toEqual([]);
    expect((await checkAuthority(db, "shop", { action: "refund.issue", amount: { value: 40, currency: "EUR" } })).allowedAutonomy).toBe("autonomous");
    expect(await refusal(policyChange(liftCapBy(db, admin, "shop", { pattern: "refund.*", reason: "again" })))).toMatchObject({ status: 409, code: "conflict" });
    expect(await refusal(policyChange(lowerToAssistBy(db, admin, "shop", { pattern: "Refund*", reason: "x" })))).toMatchObject({ status: 400, issues: [{ path: "pattern" }] });

    expect((await logOf("shop")).map((e) => e.action)).toEqual(["policy.published", "policy.lowered_to_assist", "policy.cap_lifted"]);
  });

  it("lists versions newest first with the one in force, and marks only changes that will come into force as scheduled", async () => {
    const db = t.handle.db;
    const hour = 3600_000;
    await appendPolicyVersion(db, "later", { document: { id: "a", rules: [] }, createdBy: "x", reason: "now", effectiveFrom: new Date(Date.now() - hour) });
    await appendPolicyVersion(db, "later", { document: { id: "b", rules: [] }, createdBy: "x", reason: "superseded", effectiveFrom: new Date(Date.now() + hour) });
    await appendPolicyVersion(db, "later", { document: { id: "c", rules: [] }, createdBy: "x", reason: "kill switch", effectiveFrom: new Date(Date.now() - 1000) });
    await appendPolicyVersion(db, "later", { document: { id: "d", rules: [] }, createdBy: "x", reason: "next week", effectiveFrom: new Date(Date.now() + 2 * hour) });
    const overview = await policyOverview(db, "later");
    expect(overview.versions.map((v) => v.version)).toEqual([4, 3, 2, 1]);
    expect(overview.inForce?.version).toBe(3);
    expect(overview.scheduled.map((v) => v.version)).toEqual([4]);
  });
});

describe("policy text and words", () => {
  it("reads text starting with { strictly as JSON, anything else (comments first included) as YAML", () => {
    expect(parsePolicyText('{"id": "p", "rules": []}').ok).toBe(true);
    expect(parsePolicyText('# JSON\n{"id": "p", "rules": [],}')).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/^not valid JSON/) }] });
    expect(parsePolicyText("\n# a comment\n{id: p, rules: []}")).toMatchObject({ ok: false });
    expect(parsePolicyText("# a comment\nid: p\nrules: []\n").ok).toBe(true);
  });

  it("writes the document back as YAML that reads back the same, and the starter policy is valid", () => {
    const parsed = parsePolicyText(YAML);
    if (!parsed.ok) throw new Error("fixture");
    const again = parsePolicyText(policyToYaml(parsed.policy));
    expect(again).toEqual({ ok: true, policy: parsed.policy });
    expect(parsePolicyText(STARTER_POLICY).ok).toBe(true);
  });

  it("describes conditions and clauses as explanations quote them", () => {
    expect(describeConditions(undefined)).toBe("always");
    expect(describeConditions({ amount: { max: 75, currency: "EUR" }, confidence: { min: 0.8 }, journeys: ["refund", "billing"] })).toBe(
      "amount ≤ 75 EUR · confidence ≥ 0.8 · journey: refund or billing",
    );
    expect(describeClause({ id: "refund-policy", version: 3, clause: "§2.2" })).toBe("refund-policy v3 §2.2");
    expect(describeClause(undefined)).toBeNull();
  });

  it("takes request bodies that name what is wrong", () => {
    expect(policyPublishRequestSchema.safeParse({ document: YAML, reason: "  " }).error?.issues[0].path).toEqual(["reason"]);
    expect(policyPublishRequestSchema.safeParse({ document: [], reason: "x" }).success).toBe(false);
    expect(killSwitchRequestSchema.safeParse({ pattern: "refund.*", reason: "x", lift: true }).success).toBe(true);
    expect(killSwitchRequestSchema.safeParse({ pattern: "refund.*", reason: "x", extra: 1 }).success).toBe(false);
  });
});
