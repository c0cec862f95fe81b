// Passwords and API keys must never be kept or shown in clear after they are created: not in the
// database, not in logs, not in what the CLI prints (a new API key is printed once, on purpose).
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { flushLogs } from "@/lib/log";
import type { Runtime } from "@/lib/runtime";
import { commands } from "@/scripts/commands";
import { readPassword, userCommand } from "@/scripts/user-command";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { createApiKeyBy, createUserBy, createWorkspaceBy } from "./admin";
import { authenticateApiKey } from "./api-keys";
import { completeSetup } from "./setup";
import { verifyCredentials } from "./sign-in";
import { setPassword } from "./users";

const PASSWORDS = {
  setup: "setup-pw-Zq8!vL2#rT5",
  cli: "cli-pw-Hy7$kP3@wN9",
  admin: "settings-pw-Bx4%mJ6&cE1",
  reset: "reset-pw-Ua2^gS8*dQ4",
};

function capture() {
  const out: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    }),
  );
  // Log lines are written at the end of the event loop's turn: flushed before they are read.
  return {
    text: () => {
      flushLogs();
      return out.join("");
    },
    restore: () => {
      flushLogs();
      spies.forEach((s) => s.mockRestore());
    },
  };
}

/** Every row of every table, as text: what anyone with read access to the database would see. */
async function dumpDatabase(t: TestDatabase): Promise<string> {
  const tables = await t.exec<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await t.exec<{ row: string }>(`select row_to_json(t)::text as row from "${table_name}" t`);
    parts.push(`${table_name}: ${rows.map((r) => r.row).join("\n")}`);
  }
  return parts.join("\n");
}

describe.each(ENGINES)("secrets at rest and in logs on %s", (engine) => {
  let t: TestDatabase;
  let logs: ReturnType<typeof capture>;
  const keys: string[] = [];
  const cliOutputs: string[] = [];

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    const rt = { handle: t.handle } as unknown as Runtime;
    logs = capture();
    try {
      if (engine === "pglite") {
        await completeSetup(rt, { name: "First", email: "first@example.com", password: PASSWORDS.setup, confirmPassword: PASSWORDS.setup }, "192.0.2.1");
      }
      const before = logs.text().length;
      await userCommand(rt, ["create"], { email: "cli@example.com", name: "Cli", role: "admin" }, async () => PASSWORDS.cli);
      cliOutputs.push(logs.text().slice(before));
      await createUserBy(t.handle.db, { email: "cli@example.com", ip: "192.0.2.1" }, { email: "made@example.com", name: "Made", role: "agent", password: PASSWORDS.admin });
      await setPassword(t.handle.db, "made@example.com", PASSWORDS.reset);
      // Sign-ins, right and wrong, including a password typed into the email box.
      await verifyCredentials(t.handle.db, { email: "made@example.com", password: PASSWORDS.reset }, { ip: "192.0.2.1" });
      await verifyCredentials(t.handle.db, { email: "made@example.com", password: PASSWORDS.admin }, { ip: "192.0.2.1" });
      await verifyCredentials(t.handle.db, { email: PASSWORDS.cli, password: PASSWORDS.cli }, { ip: "192.0.2.1" });
      const admin = { email: "cli@example.com", ip: "192.0.2.1" };
      await createWorkspaceBy(t.handle.db, admin, { id: "default", name: "Default" });
      const fromSettings = await createApiKeyBy(t.handle.db, admin, { workspaceId: "default", name: "s", scopes: ["read"] });
      keys.push(fromSettings.key);
      const start = logs.text().length;
      await commands.apikey(rt, ["create"], { workspace: "default", scopes: "ingest", name: "cli" });
      const printed = logs.text().slice(start);
      keys.push(printed.trim().split("\n").at(-1)!);
      cliOutputs.push(printed);
      for (const key of keys) expect(await authenticateApiKey(t.handle.db, key)).not.toBeNull(); // they work…
      await commands.apikey(rt, ["list"], {});
    } finally {
      logs.restore();
    }
  });
  afterAll(() => t?.close());

  it("keeps no password and no API key in clear in any table (while the people and keys are there)", async () => {
    const dump = await dumpDatabase(t);
    expect(dump).toContain("made@example.com"); // the dump does see what is stored
    expect(dump).toContain("wrt_"); // key prefixes, deliberately kept to recognise keys
    for (const secret of [...Object.values(PASSWORDS), ...keys]) expect(dump).not.toContain(secret);
  });

  it("never writes a password to the logs or the CLI output, and prints a new key only once, when it is created", () => {
    const text = logs.text();
    for (const password of Object.values(PASSWORDS)) expect(text).not.toContain(password);
    expect(cliOutputs[0]).not.toContain(PASSWORDS.cli);
    expect(text.split(keys[0]).length - 1).toBe(0); // created in Settings: shown in the page only
    expect(text.split(keys[1]).length - 1).toBe(1); // created by the CLI: printed once
    expect(cliOutputs[1].trim().split("\n").at(-1)).toBe(keys[1]);
  });
});

describe("the CLI's password source", () => {
  it("takes WARRANT_PASSWORD, else a piped standard input, and never prompts", async () => {
    expect(await readPassword({ WARRANT_PASSWORD: "from env" }, Readable.from([]) as never)).toBe("from env");
    expect(await readPassword({}, Readable.from([Buffer.from("from stdin\n")]) as never)).toBe("from stdin");
    await expect(readPassword({}, Readable.from([]) as never)).rejects.toThrow(/WARRANT_PASSWORD/);
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    await expect(readPassword({}, tty as never)).rejects.toThrow(/never prompted/);
  });
});
