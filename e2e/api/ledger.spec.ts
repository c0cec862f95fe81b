import { expect, test } from "@playwright/test";
import { auth } from "../fixtures";

test.describe("ledger API", () => {
  test("health reports the database, migrations and ledger heads", async ({ request }) => {
    const response = await request.get("/api/v1/health");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", database: { ok: true, engine: "pglite" }, migrations: { ok: true } });
    expect(Array.isArray(body.ledger)).toBe(true);
  });

  test("the public key is public and names its algorithm", async ({ request }) => {
    const response = await request.get("/api/v1/ledger/public-key");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.algorithm).toBe("Ed25519");
    expect(body.verifierKey).toMatch(/^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/);
    expect(body.publicKeyPem).toContain("BEGIN PUBLIC KEY");
  });

  for (const [name, headers, status, code] of [
    ["no Authorization header", {}, 401, "unauthenticated"],
    ["a malformed Authorization header", { authorization: "Basic abc" }, 401, "unauthenticated"],
    ["an unknown key", { authorization: "Bearer wrt_notarealkey" }, 401, "unauthenticated"],
  ] as const) {
    test(`verify refuses ${name} with ${status}`, async ({ request }) => {
      const response = await request.post("/api/v1/ledger/verify", { headers });
      expect(response.status()).toBe(status);
      expect((await response.json()).error.code).toBe(code);
    });
  }

  test("verify answers for the key's workspace", async ({ request }) => {
    const response = await request.post("/api/v1/ledger/verify", { headers: auth() });
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, workspace: "default" });
  });

  test("verify refuses a body that is not the expected shape", async ({ request }) => {
    const response = await request.post("/api/v1/ledger/verify", { headers: { ...auth(), "content-type": "application/json" }, data: { workspace: 7 } });
    expect(response.status()).toBe(400);
    expect((await response.json()).error.issues[0].path).toBe("(body)");
  });

  test("checkpoints are listed for the key's workspace", async ({ request }) => {
    const response = await request.get("/api/v1/ledger/checkpoints", { headers: auth() });
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ workspace: "default", checkpoints: expect.any(Array) });
  });
});
