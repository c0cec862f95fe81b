import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { accessLog, users } from "@/db/schema";
import type { Runtime } from "@/lib/runtime";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { flushLogs } from "@/lib/log";
import { listAccessLog } from "./access-log";
import { AdminError, changeRoleBy, createApiKeyBy, createUserBy, createWorkspaceBy, revokeApiKeyBy, setActiveBy } from "./admin";
import { authenticateApiKey } from "./api-keys";
import { decodeSession, parseCookieHeader, sessionTokenFrom, sessionUser } from "./session";
import { completeSetup, setupAvailable } from "./setup";
import { verifyCredentials } from "./sign-in";
import { countUsers, createFirstAdmin, createUser, UserExistsError } from "./users";

const SECRET = "a-test-secret-of-at-least-32-characters!";
const settings = { secret: SECRET, maxAgeSeconds: 8 * 3600 };
const PASSWORD = "correct horse battery staple";

function captureLogs() {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split("\n").filter(Boolean));
    return true;
  });
  // Log lines are written at the end of the event loop's turn: flushed before the spy lets go.
  return {
    lines,
    restore: () => {
      flushLogs();
      spy.mockRestore();
    },
  };
}

describe.each(ENGINES)("people on %s", (engine) => {
  let t: TestDatabase;
  const actor = { email: "root@example.com", id: undefined as string | undefined, ip: "192.0.2.1" };

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    const root = await createUser(t.handle.db, { email: "root@example.com", name: "Root", role: "admin", password: PASSWORD });
    actor.id = root.id;
  });
  afterAll(() => t?.close());

  it("stores emails lower-cased and refuses a second user with the same email", async () => {
    const user = await createUser(t.handle.db, { email: "  Mixed.Case@Example.COM ", name: "Mixed", role: "agent", password: PASSWORD });
    expect(user.email).toBe("mixed.case@example.com");
    await expect(createUser(t.handle.db, { email: "mixed.case@example.com", name: "Again", role: "agent" })).rejects.toThrow(UserExistsError);
    await expect(createUserBy(t.handle.db, actor, { email: "MIXED.case@example.com", name: "Again", role: "agent", password: PASSWORD })).rejects.toThrow(
      AdminError,
    );
  });

  it("signs in with the right password only, the same null for every kind of refusal, and counts failures", async () => {
    await createUser(t.handle.db, { email: "sam@example.com", name: "Sam", role: "cx_leader", password: PASSWORD });
    const logs = captureLogs();
    try {
      expect(await verifyCredentials(t.handle.db, { email: "SAM@example.com", password: PASSWORD }, { ip: "192.0.2.7" })).toMatchObject({
        email: "sam@example.com",
        role: "cx_leader",
      });
      expect(await verifyCredentials(t.handle.db, { email: "sam@example.com", password: "wrong password here" })).toBeNull();
      expect(await verifyCredentials(t.handle.db, { email: "nobody@example.com", password: PASSWORD })).toBeNull();
      expect(await verifyCredentials(t.handle.db, { email: "sam@example.com", password: "" })).toBeNull();
      expect(await verifyCredentials(t.handle.db, { email: "sam@example.com", password: `${PASSWORD}${"x".repeat(80)}` })).toBeNull();
      expect(await verifyCredentials(t.handle.db, {})).toBeNull();
    } finally {
      logs.restore();
    }
    const failures = logs.lines.filter((l) => l.includes("sign-in failed")).map((l) => JSON.parse(l));
    expect(failures).toHaveLength(5);
    // One reason for all, no password, no email in clear.
    for (const line of failures) {
      expect(line).toMatchObject({ event: "auth.sign_in_failed", reason: "invalid_credentials" });
      expect(Object.keys(line).sort()).toEqual(["emailFingerprint", "event", "ip", "level", "message", "method", "reason", "time"]);
    }
    expect(logs.lines.join("")).not.toContain(PASSWORD);
    expect(logs.lines.join("")).not.toContain("sam@example.com");
    const [sam] = await t.handle.db.select().from(users).where(eq(users.email, "sam@example.com"));
    expect(sam.failedSignIns).toBe(3);
    const signIns = (await listAccessLog(t.handle.db, { workspaceId: "_system" })).filter((e) => e.action === "auth.sign_in" && e.actor === "sam@example.com");
    expect(signIns).toHaveLength(1);
    expect(signIns[0].ip).toBe("192.0.2.7");
  });

  it("refuses a deactivated user the same way, and ends their sessions at once", async () => {
    const ivy = await createUserBy(t.handle.db, actor, { email: "ivy@example.com", name: "Ivy", role: "agent", password: PASSWORD });
    const token = await encode({ token: { sub: ivy.id, signedInAt: Math.floor(Date.now() / 1000) }, secret: SECRET });
    expect(await sessionUser(t.handle.db, token, settings)).toMatchObject({ kind: "user", role: "agent" });
    await setActiveBy(t.handle.db, actor, { userId: ivy.id, active: false });
    expect(await verifyCredentials(t.handle.db, { email: "ivy@example.com", password: PASSWORD })).toBeNull();
    expect(await sessionUser(t.handle.db, token, settings)).toBeNull();
    await setActiveBy(t.handle.db, actor, { userId: ivy.id, active: true });
    expect(await sessionUser(t.handle.db, token, settings)).toMatchObject({ kind: "user" });
  });

  it("reads the role from the database on every request, so a change applies to existing sessions", async () => {
    const max = await createUserBy(t.handle.db, actor, { email: "max@example.com", name: "Max", role: "agent", password: PASSWORD });
    const token = await encode({ token: { sub: max.id, signedInAt: Math.floor(Date.now() / 1000) }, secret: SECRET });
    await changeRoleBy(t.handle.db, actor, { userId: max.id, role: "compliance" });
    expect(await sessionUser(t.handle.db, token, settings)).toMatchObject({ role: "compliance" });
  });

  it("never leaves Warrant without an active admin, and nobody deactivates themselves", async () => {
    const db = t.handle.db;
    await expect(setActiveBy(db, actor, { userId: actor.id!, active: false })).rejects.toThrow(/yourself/);
    await expect(changeRoleBy(db, actor, { userId: actor.id!, role: "agent" })).rejects.toThrow(/last active admin/);
    const other = await createUserBy(db, actor, { email: "second-admin@example.com", name: "Second", role: "admin", password: PASSWORD });
    await changeRoleBy(db, { ...actor, email: other.email, id: other.id }, { userId: actor.id!, role: "agent" });
    await expect(setActiveBy(db, actor, { userId: other.id, active: false })).rejects.toThrow(/last active admin/);
    await changeRoleBy(db, { ...actor, email: other.email, id: other.id }, { userId: actor.id!, role: "admin" });
  });

  it("writes every change to the access log: who, what, target, from where", async () => {
    const db = t.handle.db;
    const before = await listAccessLog(db, { limit: 1 });
    const lee = await createUserBy(db, actor, { email: "lee@example.com", name: "Lee", role: "agent", password: PASSWORD });
    await changeRoleBy(db, actor, { userId: lee.id, role: "cx_leader" });
    await setActiveBy(db, actor, { userId: lee.id, active: false });
    await createWorkspaceBy(db, actor, { id: "acme-eu", name: "Acme EU" });
    await expect(createWorkspaceBy(db, actor, { id: "acme-eu", name: "Again" })).rejects.toThrow(/already exists/);
    const key = await createApiKeyBy(db, actor, { workspaceId: "acme-eu", name: "bot", scopes: ["ingest"] });
    await expect(createApiKeyBy(db, actor, { workspaceId: "nowhere", name: "bot", scopes: ["ingest"] })).rejects.toThrow(/no workspace/);
    await revokeApiKeyBy(db, actor, { keyId: key.id });
    expect(await authenticateApiKey(db, key.key)).toBeNull();

    const entries = (await listAccessLog(db, { limit: 50 })).filter((e) => e.id > (before[0]?.id ?? 0)).reverse();
    expect(entries.map((e) => [e.action, e.workspaceId])).toEqual([
      ["user.create", "_system"],
      ["user.role_change", "_system"],
      ["user.deactivate", "_system"],
      ["workspace.create", "acme-eu"],
      ["api_key.create", "acme-eu"],
      ["api_key.revoke", "acme-eu"],
    ]);
    for (const e of entries) expect(e).toMatchObject({ actor: "root@example.com", ip: "192.0.2.1" });
    expect(entries[1].details).toMatchObject({ from: "agent", to: "cx_leader" });
    expect(JSON.stringify(entries)).not.toContain(key.key);
  });

  it("makes no change it cannot record: the change and its log entry commit together", async () => {
    // An address that is not a string makes the access-log insert throw after the user row is written.
    const broken = { ...actor, ip: 5 as unknown as string };
    await expect(createUserBy(t.handle.db, broken, { email: "rollback@example.com", name: "R", role: "agent", password: PASSWORD })).rejects.toThrow();
    expect(await t.handle.db.select().from(users).where(eq(users.email, "rollback@example.com"))).toHaveLength(0);
    expect(await t.handle.db.select().from(accessLog).where(eq(accessLog.target, "rollback@example.com"))).toHaveLength(0);
  });
});

describe.each(ENGINES)("first admin on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(() => t?.close());

  it("is created once however many people race through setup", async () => {
    const results = await Promise.all(
      ["a", "b", "c"].map((n) => createFirstAdmin(t.handle.db, { email: `${n}@example.com`, name: n, password: PASSWORD })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(results.find(Boolean)!.role).toBe("admin");
    expect(await countUsers(t.handle.db)).toBe(1);
  });

  it("closes the setup page once there is a user, and never opens it on a server database", async () => {
    const rt = { handle: t.handle } as unknown as Runtime;
    expect(await setupAvailable(rt)).toBe(false);
    if (engine === "postgres") return;
    await expect(completeSetup(rt, { name: "Late", email: "late@example.com", password: PASSWORD, confirmPassword: PASSWORD }, "::1")).rejects.toThrow(/already set up/);
  });
});

describe("session tokens", () => {
  const now = Math.floor(Date.now() / 1000);

  it("decode when fresh and untampered", async () => {
    const token = await encode({ token: { sub: "user-1", signedInAt: now }, secret: SECRET });
    expect(await decodeSession(token, settings)).toEqual({ userId: "user-1", signedInAt: now });
  });

  it("are refused with another secret, when altered, or when malformed", async () => {
    const token = await encode({ token: { sub: "user-1", signedInAt: now }, secret: SECRET });
    expect(await decodeSession(token, { ...settings, secret: "another-secret-of-at-least-32-chars!!" })).toBeNull();
    const altered = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(await decodeSession(altered, settings)).toBeNull();
    expect(await decodeSession("not.a.token", settings)).toBeNull();
    expect(await decodeSession(null, settings)).toBeNull();
  });

  it("expire a fixed time after sign-in however often they are renewed", async () => {
    const old = await encode({ token: { sub: "user-1", signedInAt: now - 9 * 3600 }, secret: SECRET });
    expect(await decodeSession(old, settings)).toBeNull();
    expect(await decodeSession(old, { ...settings, maxAgeSeconds: 10 * 3600 })).not.toBeNull();
    // next-auth's own expiry (exp) is honoured too.
    const expired = await encode({ token: { sub: "user-1", signedInAt: now }, secret: SECRET, maxAge: -60 });
    expect(await decodeSession(expired, settings)).toBeNull();
    // A token without the sign-in time (not minted by Warrant) is refused.
    expect(await decodeSession(await encode({ token: { sub: "user-1" }, secret: SECRET }), settings)).toBeNull();
  });

  it("are read from the secure or plain cookie, whole or in chunks", () => {
    expect(sessionTokenFrom(parseCookieHeader("a=1; next-auth.session-token=abc; b=2"))).toBe("abc");
    expect(sessionTokenFrom(parseCookieHeader("__Secure-next-auth.session-token.0=ab; __Secure-next-auth.session-token.1=cd"))).toBe("abcd");
    expect(sessionTokenFrom(parseCookieHeader("other=1"))).toBeNull();
    expect(sessionTokenFrom(parseCookieHeader(undefined))).toBeNull();
  });
});
