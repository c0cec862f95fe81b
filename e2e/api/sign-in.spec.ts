import { expect, test } from "@playwright/test";
import { people, postCredentials, scopeKey, signedInContext, uniqueEmail } from "../people";

test.describe("sign-in", () => {
  test("sets a session cookie that is HttpOnly, SameSite=Lax and expires within the session lifetime", async ({ playwright, baseURL }) => {
    const context = await playwright.request.newContext({ baseURL });
    const response = await postCredentials(context, people().cx_leader.email, people().cx_leader.password);
    expect(response.status()).toBe(200);
    const cookie = (await context.storageState()).cookies.find((c) => c.name === "next-auth.session-token")!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    const hours = (cookie.expires - Date.now() / 1000) / 3600;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8.01);
    await context.dispose();
  });

  test("refuses a wrong password with 401 and no session", async ({ playwright, baseURL }) => {
    const context = await playwright.request.newContext({ baseURL });
    const response = await postCredentials(context, people().agent.email, "not the password at all");
    expect(response.status()).toBe(401);
    expect((await response.json()).url).toContain("error=CredentialsSignin");
    expect((await context.storageState()).cookies.map((c) => c.name)).not.toContain("next-auth.session-token");
    await context.dispose();
  });

  test("limits wrong passwords for one account: 429 with Retry-After after ten", async ({ playwright, baseURL }) => {
    const context = await playwright.request.newContext({ baseURL });
    const email = uniqueEmail("hammered");
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await postCredentials(context, email, `guess-${i}`)).status());
    expect(statuses).toEqual(Array(10).fill(401));
    const limited = await postCredentials(context, email, "guess-11");
    expect(limited.status()).toBe(429);
    expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: { code: "rate_limited" }, url: expect.stringContaining("/sign-in?error=RateLimited") });
    // Another account from the same address is not affected.
    expect((await postCredentials(context, people().compliance.email, people().compliance.password)).status()).toBe(200);
    await context.dispose();
  });
});

test.describe("sessions on the API", () => {
  test("a signed-in compliance officer verifies a workspace with ?workspace=", async ({ baseURL }) => {
    const compliance = await signedInContext(baseURL!, people().compliance);
    const response = await compliance.post("/api/v1/ledger/verify?workspace=default");
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, workspace: "default" });
    expect((await compliance.get("/api/v1/ledger/checkpoints?workspace=Not Valid")).status()).toBe(400);
    await compliance.dispose();
  });

  test("refuses a state-changing request with a session cookie from another origin", async ({ baseURL }) => {
    const admin = await signedInContext(baseURL!, people().admin);
    const foreign = await admin.post("/api/v1/ledger/verify", { headers: { origin: "https://evil.example" } });
    expect(foreign.status()).toBe(403);
    expect((await foreign.json()).error.message).toMatch(/Cross-origin/);
    const own = await admin.post("/api/v1/ledger/verify", { headers: { origin: new URL(baseURL!).origin } });
    expect(own.status()).toBe(200);
    await admin.dispose();
  });

  test("the access log API shows a person everything and a key its own workspace only", async ({ baseURL, request }) => {
    const compliance = await signedInContext(baseURL!, people().compliance);
    const all = await (await compliance.get("/api/v1/access-log?limit=500")).json();
    expect(all.entries.some((e: { action: string }) => e.action === "auth.sign_in")).toBe(true);
    await compliance.dispose();

    const byKey = await request.get("/api/v1/access-log", { headers: { authorization: `Bearer ${scopeKey("admin")}` } });
    expect(byKey.status()).toBe(200);
    for (const entry of (await byKey.json()).entries) expect(entry.workspace).toBe("default");
    expect((await request.get("/api/v1/access-log?limit=0", { headers: { authorization: `Bearer ${scopeKey("admin")}` } })).status()).toBe(400);
  });
});

test.describe("security headers", () => {
  for (const path of ["/sign-in", "/api/v1/health"]) {
    test(`${path} carries the CSP and the other protective headers, and no HSTS over plain HTTP`, async ({ request }) => {
      const headers = (await request.get(path)).headers();
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(headers["content-security-policy"]).toContain("object-src 'none'");
      expect(headers).toMatchObject({ "x-frame-options": "DENY", "x-content-type-options": "nosniff", "referrer-policy": "same-origin" });
      expect(headers["strict-transport-security"]).toBeUndefined();
      expect(headers["x-powered-by"]).toBeUndefined();
    });
  }

  test("HSTS is sent when a TLS-terminating proxy says the request came over HTTPS", async ({ request }) => {
    const headers = (await request.get("/api/v1/health", { headers: { "x-forwarded-proto": "https" } })).headers();
    expect(headers["strict-transport-security"]).toMatch(/^max-age=\d+/);
  });
});
