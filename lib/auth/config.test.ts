import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv as loadEnvFrom } from "@/lib/env";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { temporaryDirectories } from "@/tests/helpers/temp-dirs";
import { authConfigFrom } from "./config";
import { oidcProvider, userForOidcProfile } from "./oidc";
import { buildAuthOptions } from "./options";
import { AUTH_SECRET_FILE, loadOrCreateAuthSecret } from "./secret";
import { createUser } from "./users";

const dirs = temporaryDirectories("warrant-auth-");
const tempDir = dirs.make;
afterAll(dirs.removeAll);

describe("the session secret", () => {
  it("comes from AUTH_SECRET when set", () => {
    expect(loadOrCreateAuthSecret({ envSecret: "from-the-environment-123", dataDir: tempDir(), embedded: true, log: () => {} })).toBe("from-the-environment-123");
  });

  it("is generated once into the data directory on the embedded default, readable by its owner only, with a log line", () => {
    const dir = tempDir();
    const messages: string[] = [];
    const first = loadOrCreateAuthSecret({ dataDir: dir, embedded: true, log: (m) => messages.push(m) });
    const second = loadOrCreateAuthSecret({ dataDir: dir, embedded: true, log: (m) => messages.push(m) });
    expect(first).toBe(second);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dir, AUTH_SECRET_FILE), "utf8").trim()).toBe(first);
    expect(statSync(path.join(dir, AUTH_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(messages).toHaveLength(1);
    expect(messages[0]).not.toContain(first);
  });

  it("is required on a server database, where every process must share it", () => {
    expect(() => loadOrCreateAuthSecret({ dataDir: tempDir(), embedded: false, log: () => {} })).toThrow(/AUTH_SECRET must be set/);
  });
});

describe("authentication settings", () => {
  const base = { WARRANT_DATA_DIR: tempDir(), AUTH_SECRET: "s".repeat(32) };
  const loadEnv = (vars: Record<string, string>) => loadEnvFrom(vars as NodeJS.ProcessEnv);

  it("expire sessions after WARRANT_SESSION_HOURS (8 by default)", () => {
    expect(authConfigFrom(loadEnv(base)).maxAgeSeconds).toBe(8 * 3600);
    expect(authConfigFrom(loadEnv({ ...base, WARRANT_SESSION_HOURS: "0.5" })).maxAgeSeconds).toBe(1800);
    expect(() => loadEnv({ ...base, WARRANT_SESSION_HOURS: "0" })).toThrow(/WARRANT_SESSION_HOURS/);
  });

  it("enable single sign-on with all three OIDC variables, and refuse half a configuration", () => {
    expect(authConfigFrom(loadEnv(base)).oidc).toBeNull();
    const oidc = { WARRANT_OIDC_ISSUER: "https://id.example.com/", WARRANT_OIDC_CLIENT_ID: "warrant", WARRANT_OIDC_CLIENT_SECRET: "shh" };
    expect(authConfigFrom(loadEnv({ ...base, ...oidc })).oidc).toEqual({ issuer: "https://id.example.com", clientId: "warrant", clientSecret: "shh", name: "single sign-on" });
    expect(() => authConfigFrom(loadEnv({ ...base, WARRANT_OIDC_ISSUER: oidc.WARRANT_OIDC_ISSUER }))).toThrow(/WARRANT_OIDC_CLIENT_ID/);
  });
});

describe.each(ENGINES)("single sign-on on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await createUser(t.handle.db, { email: "known@example.com", name: "Known", role: "compliance" });
    const gone = await createUser(t.handle.db, { email: "gone@example.com", name: "Gone", role: "agent" });
    await t.exec(`update users set active = false where id = '${gone.id}'`);
  });
  afterAll(() => t?.close());

  it("lets in only an existing, active user with a verified email, never creating one", async () => {
    expect(await userForOidcProfile(t.handle.db, { sub: "1", email: "Known@Example.com", email_verified: true })).toMatchObject({ role: "compliance" });
    expect(await userForOidcProfile(t.handle.db, { sub: "1", email: "known@example.com" })).not.toBeNull();
    expect(await userForOidcProfile(t.handle.db, { sub: "1", email: "known@example.com", email_verified: false })).toBeNull();
    expect(await userForOidcProfile(t.handle.db, { sub: "2", email: "stranger@example.com", email_verified: true })).toBeNull();
    expect(await userForOidcProfile(t.handle.db, { sub: "3", email: "gone@example.com", email_verified: true })).toBeNull();
    expect(await userForOidcProfile(t.handle.db, { sub: "4" })).toBeNull();
  });

  it("maps the provider's identity to the Warrant user id in the session, and refuses strangers at the door", async () => {
    const config = { secret: "s".repeat(32), maxAgeSeconds: 3600, oidc: { issuer: "https://id.example.com", clientId: "c", clientSecret: "s", name: "Okta" } };
    const options = buildAuthOptions({ db: t.handle.db, config, ip: "192.0.2.1" });
    expect(options.providers.map((p) => p.id)).toEqual(["credentials", "oidc"]);
    const account = { provider: "oidc", type: "oauth" as const, providerAccountId: "idp-42" };
    const token = await options.callbacks!.jwt!({
      token: {},
      user: { id: "idp-42", email: "known@example.com", name: "Known" },
      account,
      profile: { sub: "idp-42", email: "known@example.com" },
    });
    const [known] = await t.exec<{ id: string }>(`select id from users where email = 'known@example.com'`);
    expect(token).toMatchObject({ sub: known.id, email: "known@example.com", signedInAt: expect.any(Number) });
    expect(await options.callbacks!.signIn!({ user: { id: "x" }, account, profile: { sub: "x", email: "stranger@example.com" } })).toBe("/sign-in?error=AccessDenied");
    expect(await options.callbacks!.signIn!({ user: { id: "x" }, account, profile: { sub: "x", email: "known@example.com", email_verified: true } as never })).toBe(true);
  });

  it("has no OIDC provider unless configured, and uses discovery with PKCE, state and nonce when it is", () => {
    const options = buildAuthOptions({ db: t.handle.db, config: { secret: "s".repeat(32), maxAgeSeconds: 3600, oidc: null }, ip: "::1" });
    expect(options.providers.map((p) => p.id)).toEqual(["credentials"]);
    expect(options.session).toEqual({ strategy: "jwt", maxAge: 3600 });
    const provider = oidcProvider({ issuer: "https://id.example.com", clientId: "c", clientSecret: "s", name: "Okta" });
    expect(provider).toMatchObject({ wellKnown: "https://id.example.com/.well-known/openid-configuration", idToken: true, checks: ["pkce", "state", "nonce"] });
  });
});
