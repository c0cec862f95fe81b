// `npx warrant apikey create` must not turn a mistyped workspace into a new, empty one: the key would
// work, and every event sent with it would land in a ledger nobody looks at.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Runtime } from "@/lib/runtime";
import { listApiKeys } from "@/lib/auth/api-keys";
import { listWorkspaces } from "@/lib/workspaces";
import { commands } from "@/scripts/commands";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";

function capture() {
  const out: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
  }
  return () => out.join("");
}

describe.each(ENGINES)("apikey create and workspaces on %s", (engine) => {
  let t: TestDatabase;
  let rt: Runtime;
  const workspaceIds = async () => (await listWorkspaces(t.handle.db)).map((w) => w.id).sort();
  const create = (options: Parameters<typeof commands.apikey>[2]) => commands.apikey(rt, ["create"], { scopes: "ingest", ...options });

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    rt = { handle: t.handle } as unknown as Runtime;
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => t?.close());

  it("creates the first workspace with the first key (first setup: there is nothing to mistype)", async () => {
    capture();
    expect(await create({ workspace: "demo" })).toBe(0);
    expect(await workspaceIds()).toEqual(["demo"]);
  });

  it("refuses a workspace that does not exist, names the existing ones and how to create one, and creates nothing", async () => {
    const text = capture();
    expect(await create({ workspace: "dmeo" })).toBe(1);
    expect(text()).toContain("There is no workspace 'dmeo'; the workspaces are: demo.");
    expect(text()).toContain("--new-workspace");
    expect(text()).not.toMatch(/wrt_/);
    expect(await workspaceIds()).toEqual(["demo"]);
    expect((await listApiKeys(t.handle.db)).map((k) => k.workspaceId)).toEqual(["demo"]);
  });

  it("refuses the implicit default workspace too when it does not exist", async () => {
    const text = capture();
    expect(await create({})).toBe(1);
    expect(text()).toContain("There is no workspace 'default'");
    expect(await workspaceIds()).toEqual(["demo"]);
  });

  it("creates a new workspace when --new-workspace says it is meant, and keys an existing one without it", async () => {
    capture();
    expect(await create({ workspace: "acme", "new-workspace": true })).toBe(0);
    expect(await create({ workspace: "acme" })).toBe(0);
    expect(await workspaceIds()).toEqual(["acme", "demo"]);
    expect((await listApiKeys(t.handle.db, "acme")).length).toBe(2);
  });
});
