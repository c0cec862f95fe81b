// Passwords and API keys are never kept or shown in clear once created: not in the server's logs, not
// in any answer after the one that created them, not in the database files. The database is searched
// as raw bytes (tables and write-ahead log), with a control that a value written in the same test is
// found there, so "not found" means "not stored" rather than "not flushed yet".
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { aiAction } from "../fixtures";
import { people, postCredentials, SCOPES, scopeKey, signedInContext, uniqueEmail, uniquePassword } from "../people";
import { ApiKeysSettingsPage, UsersSettingsPage } from "./pages/settings-pages";
import { SignInPage } from "./pages/sign-in-page";

const DATA_DIR = path.resolve(".test-data/e2e");
const SERVER_LOG = path.resolve(".test-data/e2e-server.log");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Which of `needles` occur in any file under `dir`, read as raw bytes. */
function foundInFiles(dir: string, needles: string[]): string[] {
  const found = new Set<string>();
  for (const file of files(dir)) {
    if (statSync(file).size > 256 * 1024 * 1024) continue;
    const bytes = readFileSync(file);
    for (const needle of needles) if (bytes.includes(Buffer.from(needle, "utf8"))) found.add(needle);
  }
  return [...found];
}

test("passwords and API keys appear in no log, no later answer and no database file", async ({ page, baseURL, playwright }) => {
  const person = { name: `Sec ${Date.now()}`, email: uniqueEmail("secret-keeper"), password: uniquePassword("sekrit") };

  // Create a person and a key through Settings, and use both.
  await new SignInPage(page).signIn(people().admin);
  const users = new UsersSettingsPage(page);
  await users.goto();
  await users.addUser({ ...person, role: "compliance" });
  const keys = new ApiKeysSettingsPage(page);
  await keys.goto();
  const key = await keys.create({ name: `secret test ${Date.now()}`, workspace: "default", scopes: ["ingest", "read"] });
  const used = await page.request.post("/api/v1/events", { headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, data: aiAction() });
  expect(used.status()).toBe(200);

  // Sign in as them, once right, once wrong, and once with the password typed into the email box.
  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await postCredentials(anonymous, person.email, person.password)).status()).toBe(200);
  expect((await postCredentials(anonymous, person.email, `${person.password}x`)).status()).toBe(401);
  expect((await postCredentials(anonymous, person.password, person.password)).status()).toBe(401);
  await anonymous.dispose();

  const everyone = people();
  const secrets = [person.password, key, ...Object.values(everyone).map((p) => p.password), ...SCOPES.map(scopeKey)];

  // Answers after creation: the pages that list people, keys and the log, their APIs, the session.
  const admin = await signedInContext(baseURL!, everyone.admin);
  const answers: string[] = [];
  for (const path of ["/settings/users", "/settings/api-keys", "/access-log", "/api/v1/access-log?limit=1000", "/api/auth/session", "/"]) {
    const response = await admin.get(path);
    expect(response.status(), path).toBe(200);
    answers.push(await response.text());
  }
  await admin.dispose();
  const answered = answers.join("\n");
  expect(answered).toContain(person.email); // the pages do list what was created
  for (const secret of secrets) expect(answered.includes(secret), "a secret in a page or API answer").toBe(false);

  // Logs: everything the server wrote since it started.
  const log = readFileSync(SERVER_LOG, "utf8");
  expect(log).toContain("sign-in failed"); // the failures above were logged…
  for (const secret of secrets) expect(log.includes(secret), "a secret in the server log").toBe(false); // …without what was typed

  // The database files, raw.
  expect(foundInFiles(DATA_DIR, [person.email]), "control: a value just written is visible in the files").toEqual([person.email]);
  expect(foundInFiles(DATA_DIR, secrets), "secrets in the database files").toEqual([]);
});
