import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { allInOrder, rowsOf } from "./client";

// The append path's transaction (PipelinedRunner): prepared statements pipelined behind one another,
// COMMIT only once everything answered, and nothing stored when any statement failed.
describe.each(ENGINES)("pipelined transaction on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await t.exec("create table pipelined_probe (n integer primary key, note text)");
  });
  afterAll(() => t?.close());
  const stored = async () => rowsOf<{ n: number }>(await t.handle.db.execute(sql`select n from pipelined_probe order by n`)).map((r) => Number(r.n));

  it("runs pipelined statements in the order they were issued and commits them together", async () => {
    const seen = await t.handle.pipelined(async (tx) => {
      const writes = [1, 2, 3].map((n) => tx.execute(sql`insert into pipelined_probe (n, note) values (${n}, ${`row ${n}`})`));
      // Sent behind the inserts on the same connection, so it sees all three.
      const count = tx.execute(sql`select count(*)::int as n from pipelined_probe`);
      await allInOrder(writes);
      return rowsOf<{ n: number }>(await count)[0].n;
    });
    expect(Number(seen)).toBe(3);
    expect(await stored()).toEqual([1, 2, 3]);
  });

  it("stores nothing when one statement fails, and reports that statement's error rather than the refusals behind it", async () => {
    const failing = t.handle.pipelined(async (tx) => {
      await allInOrder([
        tx.execute(sql`insert into pipelined_probe (n) values (${10})`),
        tx.execute(sql`insert into pipelined_probe (n) values (${1})`), // a duplicate key
        tx.execute(sql`insert into pipelined_probe (n) values (${11})`),
      ]);
    });
    const error = await failing.then(() => null, (e: unknown) => e);
    const code = (e: unknown): string | undefined => (e as { code?: string })?.code ?? ((e as { cause?: unknown })?.cause ? code((e as { cause?: unknown }).cause) : undefined);
    expect(code(error)).toBe("23505");
    expect(await stored()).toEqual([1, 2, 3]);
  });

  it("refuses to report success when a failed statement's error was swallowed (the transaction rolled back)", async () => {
    const swallowing = t.handle.pipelined(async (tx) => {
      await tx.execute(sql`insert into pipelined_probe (n) values (${1})`).catch(() => {});
      await tx.execute(sql`insert into pipelined_probe (n) values (${20})`).catch(() => {});
      return "done";
    });
    expect(await swallowing.then(() => "resolved", (e: unknown) => e)).toBeInstanceOf(Error);
    expect(await stored()).toEqual([1, 2, 3]);
  });

  it("leaves the connection usable after a failure", async () => {
    for (let i = 0; i < 12; i++) {
      await t.handle.pipelined(async (tx) => {
        await tx.execute(sql`insert into pipelined_probe (n) values (${100 + i})`);
      });
    }
    expect((await stored()).length).toBe(15);
  });
});
