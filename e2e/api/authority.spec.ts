// Decision authority over HTTP: agents asking before they act (POST /api/v1/authority/check), and the
// admin API that publishes policies and pulls the kill switch (/api/v1/policies). Policy changes are
// made in a workspace this file creates for itself: ingest judges every action by the policy in force,
// and the other specs share "default".
import { type APIRequestContext, expect, test } from "@playwright/test";
import { auth } from "../fixtures";
import { people, scopeKey, signedInContext } from "../people";
import { WorkspacesSettingsPage } from "../ui/pages/policies-page";
import { SignInPage } from "../ui/pages/sign-in-page";

const CHECK = "/api/v1/authority/check";
const ingestKey = () => ({ authorization: `Bearer ${scopeKey("ingest")}` });
const proposal = { action: "refund.issue", amount: { value: 120, currency: "EUR" }, confidence: 0.91, journey: "refund", autonomy: "autonomous", caseId: "case_8841", agent: { id: "cx-agent", version: "cx-agent/2026.10" } };

test.describe("POST /api/v1/authority/check", () => {
  test("answers an agent's key with a recorded check", async ({ request }) => {
    const response = await request.post(CHECK, { headers: ingestKey(), data: proposal });
    expect(response.status()).toBe(200);
    const answer = await response.json();
    expect(answer).toMatchObject({ action: "refund.issue", checkId: expect.stringMatching(/^[0-9a-f-]{36}$/), reasons: expect.any(Array) });
    expect(Date.parse(answer.checkedAt)).not.toBeNaN();
  });

  // Each refusal: the status, the error code and, for a bad body, the field it names.
  const refusals: { name: string; status: number; code: string; headers?: () => Record<string, string>; body: string; path?: string; message?: RegExp }[] = [
    { name: "without a key", status: 401, code: "unauthenticated", headers: () => ({ "content-type": "application/json" }), body: JSON.stringify(proposal) },
    { name: "with a key without the ingest scope", status: 403, code: "forbidden", headers: () => ({ ...auth("read"), "content-type": "application/json" }), body: JSON.stringify(proposal) },
    { name: "a body that is not JSON by its content type", status: 415, code: "unsupported_media_type", headers: () => ({ ...ingestKey(), "content-type": "text/plain" }), body: JSON.stringify(proposal) },
    { name: "an empty body", status: 400, code: "invalid_body", body: "" },
    { name: "a body that is not valid JSON", status: 400, code: "invalid_json", body: '{"action": "refund.issue",' },
    { name: "no action", status: 400, code: "invalid_body", body: JSON.stringify({ amount: proposal.amount }), path: "action" },
    { name: "an action name that is not one", status: 400, code: "invalid_body", body: JSON.stringify({ action: "Refund Issue" }), path: "action", message: /refund\.issue/ },
    { name: "an amount without its currency", status: 400, code: "invalid_body", body: JSON.stringify({ action: "refund.issue", amount: { value: 120 } }), path: "amount.currency" },
    { name: "a confidence above 1", status: 400, code: "invalid_body", body: JSON.stringify({ action: "refund.issue", confidence: 1.5 }), path: "confidence" },
    { name: "an autonomy level that does not exist", status: 400, code: "invalid_body", body: JSON.stringify({ action: "refund.issue", autonomy: "full" }), path: "autonomy" },
    { name: "an unknown field", status: 400, code: "invalid_body", body: JSON.stringify({ action: "refund.issue", sneaky: true }), message: /sneaky/ },
  ];
  for (const r of refusals) {
    test(`refuses ${r.name} with ${r.status}`, async ({ request }) => {
      const headers = r.headers?.() ?? { ...ingestKey(), "content-type": "application/json" };
      const response = await request.post(CHECK, { headers, data: Buffer.from(r.body) });
      expect(response.status()).toBe(r.status);
      const { error } = await response.json();
      expect(error.code).toBe(r.code);
      if (r.path) expect(error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: r.path })]));
      if (r.message) expect(JSON.stringify(error)).toMatch(r.message);
    });
  }
});

const POLICY = `id: e2e-authority
rules:
  - pattern: "*"
    maxAutonomy: approve
  - pattern: refund.*
    maxAutonomy: autonomous
    when: { amount: { max: 75, currency: EUR } }
    clause: { id: refund-policy, version: 3, clause: "§2.2" }
  - pattern: refund.*
    maxAutonomy: supervised
    when: { amount: { max: 250, currency: EUR } }
    clause: { id: refund-policy, version: 3, clause: "§2.3" }
`;

test.describe.serial("decision authority in a workspace of its own", () => {
  const workspace = `pol-api-${Date.now().toString(36)}`;
  let admin: APIRequestContext;
  const q = (path: string, ws = workspace) => `${path}?workspace=${ws}`;
  const check = async (body: Record<string, unknown> = proposal) => {
    const response = await admin.post(q(CHECK), { data: body });
    expect(response.status()).toBe(200);
    return response.json();
  };

  test.beforeAll(async ({ browser, baseURL }) => {
    // There is no API for workspaces: an admin creates one in Settings, as a person would.
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await new SignInPage(page).signIn(people().admin);
    await new WorkspacesSettingsPage(page).create(workspace, "Authority e2e");
    await context.close();
    admin = await signedInContext(baseURL!, people().admin);
  });
  test.afterAll(() => admin?.dispose());

  test("answers allowedAutonomy null while no policy is in force: nothing is restricted", async () => {
    expect(await check()).toMatchObject({ allowedAutonomy: null, permitted: null, policy: null, policyVersion: null, clause: null, reasons: ["no decision-authority policy is in force"] });
    const list = await admin.get(q("/api/v1/policies"));
    expect(await list.json()).toEqual({ workspace, inForce: null, versions: [] });
  });

  const invalid: { name: string; body: unknown; code: string; issue: Record<string, unknown> }[] = [
    {
      name: "YAML text with an autonomy level that does not exist, at its line and column",
      body: { document: POLICY.replace("maxAutonomy: supervised", "maxAutonomy: full"), reason: "typo" },
      code: "invalid_policy",
      issue: { path: "document.rules[2].maxAutonomy", line: 10, column: 18, message: expect.stringContaining('(got "full")') },
    },
    {
      name: "JSON text with a trailing comma",
      body: { document: '{"id": "p", "rules": [],}', reason: "typo" },
      code: "invalid_policy",
      issue: { path: "document", line: 1, message: expect.stringMatching(/^not valid JSON/) },
    },
    {
      name: "a JSON document with an unknown field",
      body: { document: { id: "p", rules: [{ pattern: "refund.*", maxAutonomy: "approve", maxAmount: 75 }] }, reason: "typo" },
      code: "invalid_policy",
      issue: { path: "document.rules[0].maxAmount", message: 'unknown field "maxAmount"' },
    },
    { name: "no reason", body: { document: POLICY }, code: "invalid_body", issue: { path: "reason" } },
    { name: "a blank reason", body: { document: POLICY, reason: "   " }, code: "invalid_body", issue: { path: "reason" } },
    { name: "a document that is a list", body: { document: [POLICY], reason: "x" }, code: "invalid_body", issue: { path: "document" } },
    { name: "an effectiveFrom without a time zone", body: { document: POLICY, reason: "x", effectiveFrom: "2026-01-01T00:00:00" }, code: "invalid_body", issue: { path: "effectiveFrom" } },
  ];
  test("refuses an invalid policy with 400 naming each field (line and column for text), and stores nothing", async () => {
    for (const r of invalid) {
      const response = await admin.post(q("/api/v1/policies"), { data: r.body });
      expect(response.status(), r.name).toBe(400);
      const { error } = await response.json();
      expect(error.code, r.name).toBe(r.code);
      expect(error.issues, r.name).toEqual(expect.arrayContaining([expect.objectContaining(r.issue)]));
    }
    expect((await (await admin.get(q("/api/v1/policies"))).json()).versions).toEqual([]);
  });

  test("publishes a policy, and the next check answers with the clause that grants it", async () => {
    const response = await admin.post(q("/api/v1/policies"), { data: { document: POLICY, reason: "Refunds up to €250 without approval" } });
    expect(response.status()).toBe(201);
    expect(await response.json()).toMatchObject({ workspace, version: 1, createdBy: people().admin.email, reason: "Refunds up to €250 without approval", document: { id: "e2e-authority" } });

    expect(await check()).toMatchObject({
      allowedAutonomy: "supervised",
      permitted: false,
      policy: { id: "e2e-authority", version: 1 },
      policyVersion: 1,
      clause: { id: "refund-policy", version: 3, clause: "§2.3" },
      rule: { index: 2, pattern: "refund.*", maxAutonomy: "supervised" },
      cap: null,
    });
    const small = await check({ action: "refund.issue", amount: { value: 40, currency: "EUR" }, autonomy: "autonomous" });
    expect(small).toMatchObject({ allowedAutonomy: "autonomous", permitted: true, clause: { clause: "§2.2" } });
    expect((await check({ action: "order.cancel" })).allowedAutonomy).toBe("approve");
  });

  test("the kill switch lowers the next check to assist; lifting it restores the grant", async () => {
    const lowered = await admin.post(q("/api/v1/policies/kill-switch"), { data: { pattern: "refund.*", reason: "Refunds above the limit went out autonomously" } });
    expect(lowered.status()).toBe(201);
    expect((await lowered.json()).document.caps).toEqual([expect.objectContaining({ pattern: "refund.*", maxAutonomy: "assist", by: people().admin.email })]);
    expect(await check()).toMatchObject({ allowedAutonomy: "assist", permitted: false, policyVersion: 2, cap: { pattern: "refund.*", by: people().admin.email } });
    expect((await check({ action: "order.cancel" })).allowedAutonomy).toBe("approve");

    const lifted = await admin.post(q("/api/v1/policies/kill-switch"), { data: { pattern: "refund.*", reason: "Fixed in cx-agent/2026.11", lift: true } });
    expect(lifted.status()).toBe(201);
    expect(await check()).toMatchObject({ allowedAutonomy: "supervised", policyVersion: 3, cap: null });

    const again = await admin.post(q("/api/v1/policies/kill-switch"), { data: { pattern: "refund.*", reason: "twice", lift: true } });
    expect(again.status()).toBe(409);
    expect((await again.json()).error.code).toBe("conflict");
    const bad = await admin.post(q("/api/v1/policies/kill-switch"), { data: { pattern: "Refund*", reason: "x" } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.issues).toEqual([expect.objectContaining({ path: "pattern" })]);

    const list = await (await admin.get(q("/api/v1/policies"))).json();
    expect(list.inForce).toBe(3);
    expect(list.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
  });

  test("refuses a change to a workspace that does not exist with 404, and a key without the admin scope with 403", async ({ request }) => {
    const missing = await admin.post(q("/api/v1/policies", `${workspace}-missing`), { data: { document: POLICY, reason: "x" } });
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found");
    const agent = await request.post("/api/v1/policies/kill-switch", { headers: ingestKey(), data: { pattern: "refund.*", reason: "x" } });
    expect(agent.status()).toBe(403);
  });

  test("writes every change to the access log: who, what, why", async () => {
    const response = await admin.get(q("/api/v1/access-log"));
    expect(response.status()).toBe(200);
    const { entries } = await response.json();
    const email = people().admin.email;
    expect(entries.map((e: { action: string }) => e.action).filter((a: string) => a.startsWith("policy."))).toEqual(["policy.cap_lifted", "policy.lowered_to_assist", "policy.published"]);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: email, action: "policy.published", target: "e2e-authority v1", details: expect.objectContaining({ policyVersion: 1, reason: "Refunds up to €250 without approval", via: "api" }) }),
        expect.objectContaining({ actor: email, action: "policy.lowered_to_assist", target: "refund.*", details: expect.objectContaining({ policyVersion: 2 }) }),
        expect.objectContaining({ actor: email, action: "policy.cap_lifted", target: "refund.*", details: expect.objectContaining({ policyVersion: 3 }) }),
      ]),
    );
  });
});
