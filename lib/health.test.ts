import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { checkHealth } from "./health";
import { GroupCommitter } from "./ingest/group-commit";
import type { Ledger } from "./ledger/context";
import type { Runtime } from "./runtime";
import { openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";

function runtimeOver(handle: DatabaseHandle, ledger = {} as Ledger): Runtime {
  return { handle, ingest: { committer: new GroupCommitter(ledger), redaction: [] } } as unknown as Runtime;
}

describe("health", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase("pglite");
  });
  afterAll(() => t?.close());

  it("is ok with no problems on a migrated, reachable database", async () => {
    const health = await checkHealth(runtimeOver(t.handle, t.ledger()));
    expect(health).toMatchObject({ status: "ok", problems: [], database: { ok: true, engine: "pglite" }, migrations: { ok: true }, ingest: { accepting: true, pending: 0 } });
    expect(health.migrations.applied).toBe(health.migrations.expected);
  });

  it("is degraded, saying so, when migrations are pending or the database is ahead of this version", async () => {
    const fresh = await openDatabase({ dataDir: "memory://" });
    try {
      const none = await checkHealth(runtimeOver(fresh));
      expect(none.database.ok).toBe(true);
      expect(none).toMatchObject({ status: "degraded", migrations: { applied: 0, ok: false } });
      expect(none.problems[0]).toMatch(/^\d+ database migration\(s\) pending: run npx warrant migrate$/);
    } finally {
      await fresh.close();
    }
    await t.exec(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-a-newer-version', 0)`);
    const ahead = await checkHealth(runtimeOver(t.handle, t.ledger()));
    expect(ahead.status).toBe("degraded");
    expect(ahead.problems).toEqual([expect.stringContaining("migrated by a newer version")]);
    await t.exec(`delete from drizzle.__drizzle_migrations where hash = 'from-a-newer-version'`);
  });

  it("reports an unreachable database as down with the reason, without naming the host", async () => {
    const down = await openDatabase({ url: "postgres://warrant@127.0.0.1:1/warrant" });
    try {
      const health = await checkHealth(runtimeOver(down));
      expect(health).toMatchObject({ status: "degraded", database: { ok: false, engine: "postgres", error: "unreachable (ECONNREFUSED)" }, ledger: [] });
      expect(health.problems[0]).toBe("database unreachable (ECONNREFUSED)");
      expect(JSON.stringify(health)).not.toContain("127.0.0.1");
    } finally {
      await down.close();
    }
  });

  it("reports a database that accepts connections but never answers as down, within its timeout", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const hung = await openDatabase({ url: `postgres://warrant@127.0.0.1:${port}/warrant` });
    try {
      const started = performance.now();
      const health = await checkHealth(runtimeOver(hung), 300);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(health.database).toMatchObject({ ok: false, error: "not answering (no reply within 0.3 s)" });
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
      // Closing waits for the hung connection; do not make the test wait with it.
      void hung.close().catch(() => {});
    }
  });

  it("says when the server is shutting down and ingestion refuses new requests", async () => {
    const rt = runtimeOver(t.handle, t.ledger());
    await rt.ingest.committer.close();
    const health = await checkHealth(rt);
    expect(health).toMatchObject({ status: "degraded", ingest: { accepting: false }, database: { ok: true } });
    expect(health.problems).toEqual(["shutting down: ingestion refuses new requests"]);
  });
});
