import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { allInOrder, type PipelinedOptions, rowsOf } from "./client";

// The append path's transaction (PipelinedRunner): prepared statements pipelined behind one another,
// COMMIT sent behind the statements still in flight, and nothing stored when any statement failed.
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
      return { value: rowsOf<{ n: number }>(await count)[0].n };
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
      return { value: null };
    });
    const error = await failing.then(() => null, (e: unknown) => e);
    expect(sqlState(error)).toBe("23505");
    expect(await stored()).toEqual([1, 2, 3]);
  });

  it("refuses to report success when a failed statement's error was swallowed (the transaction rolled back)", async () => {
    const swallowing = t.handle.pipelined(async (tx) => {
      await tx.execute(sql`insert into pipelined_probe (n) values (${1})`).catch(() => {});
      await tx.execute(sql`insert into pipelined_probe (n) values (${20})`).catch(() => {});
      return { value: "done" };
    });
    expect(await swallowing.then(() => "resolved", (e: unknown) => e)).toBeInstanceOf(Error);
    expect(await stored()).toEqual([1, 2, 3]);
  });

  it("leaves the connection usable after a failure", async () => {
    for (let i = 0; i < 12; i++) {
      await t.handle.pipelined(async (tx) => {
        await tx.execute(sql`insert into pipelined_probe (n) values (${100 + i})`);
        return { value: i };
      });
    }
    expect((await stored()).length).toBe(15);
  });

  it("commits the statements still in flight when the work returned", async () => {
    const value = await t.handle.pipelined(async (tx) => {
      const writes = [200, 201].map((n) => tx.execute(sql`insert into pipelined_probe (n) values (${n})`));
      return { value: "sent", inFlight: allInOrder(writes) };
    });
    expect(value).toBe("sent");
    expect(await stored()).toEqual(expect.arrayContaining([200, 201]));
  });

  it("stores nothing when a statement still in flight fails after the work returned, and reports its error", async () => {
    const before = await stored();
    const failing = t.handle.pipelined(async (tx) => {
      const writes = [
        tx.execute(sql`insert into pipelined_probe (n) values (${300})`),
        tx.execute(sql`insert into pipelined_probe (n) values (${1})`), // a duplicate key, found after COMMIT was sent
        tx.execute(sql`insert into pipelined_probe (n) values (${301})`),
      ];
      return { value: "sent", inFlight: allInOrder(writes) };
    });
    const error = await failing.then(() => null, (e: unknown) => e);
    expect(sqlState(error)).toBe("23505");
    expect(await stored()).toEqual(before);
    // The connection went back to the pool in a clean state.
    await t.handle.pipelined(async (tx) => ({ value: null, inFlight: tx.execute(sql`insert into pipelined_probe (n) values (${302})`) }));
    expect(await stored()).toEqual([...before, 302]);
  });
});

// Only a server pipelines COMMIT behind the work's statements (PGlite runs them one by one before it)
// and caches plans for prepared statements.
describe.each(ENGINES.filter((engine) => engine === "postgres"))("pipelined transaction's COMMIT and planning on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await t.exec("create table pipelined_late (n integer primary key)");
  });
  afterAll(() => t?.close());

  it("refuses a statement issued after the work returned: it could run after COMMIT, outside the transaction", async () => {
    let late: Promise<unknown> | undefined;
    const value = await t.handle.pipelined(async (tx) => {
      await tx.execute(sql`insert into pipelined_late (n) values (${1})`);
      // Sent two microtasks after the work returns: by then postgres.js may have sent COMMIT.
      void Promise.resolve().then(() => Promise.resolve().then(() => {
        late = tx.execute(sql`insert into pipelined_late (n) values (${2})`).then(() => "ran", (e: Error) => (e.cause as Error).message);
      }));
      return { value: "returned" };
    });
    expect(value).toBe("returned");
    expect(await late).toMatch(/issued after the pipelined transaction's work returned/);
    expect(await t.exec("select n from pipelined_late")).toEqual([{ n: 1 }]);
  });

  it("fails when a statement the work returned in flight was refused as late", async () => {
    const outcome = t.handle.pipelined(async (tx) => {
      const late = Promise.resolve().then(() => Promise.resolve().then(() => tx.execute(sql`insert into pipelined_late (n) values (${3})`)));
      return { value: "returned", inFlight: late };
    });
    expect(await outcome.then(() => null, (e: Error) => (e.cause as Error)?.message ?? e.message)).toMatch(/issued after/);
    expect(await t.exec("select n from pipelined_late")).toEqual([{ n: 1 }]);
  });

  it("plans each statement for the values it is sent, and on the connection's generic plan when asked", async () => {
    // pg_prepared_statements counts, per connection, how each prepared statement was planned; read in
    // the same transaction, it is the connection that ran the probe. The pattern is a parameter, so
    // the counting statement's own text does not match it.
    const plansOfProbe = async (options?: PipelinedOptions) =>
      t.handle.pipelined(async (tx) => {
        const count = async () =>
          rowsOf<{ generic: string | number; custom: string | number }>(
            await tx.execute(sql`select coalesce(sum(generic_plans), 0) as generic, coalesce(sum(custom_plans), 0) as custom
              from pg_prepared_statements where statement like ${"%as plan_probe%"}`),
          ).map((r) => ({ generic: Number(r.generic), custom: Number(r.custom) }))[0];
        const before = await count();
        await tx.execute(sql`select ${7}::int as plan_probe`);
        const after = await count();
        const [{ mode }] = rowsOf<{ mode: string }>(await tx.execute(sql`select current_setting('plan_cache_mode') as mode`));
        return { value: { mode, generic: after.generic - before.generic, custom: after.custom - before.custom } };
      }, options);
    expect(await plansOfProbe()).toEqual({ mode: "force_custom_plan", generic: 0, custom: 1 });
    expect(await plansOfProbe({ genericPlans: true })).toEqual({ mode: "force_generic_plan", generic: 1, custom: 0 });
    // SET LOCAL: the next transaction on the connection plans for its values again.
    expect(await plansOfProbe()).toEqual({ mode: "force_custom_plan", generic: 0, custom: 1 });
  });
});

const sqlState = (e: unknown): string | undefined =>
  (e as { code?: string })?.code ?? ((e as { cause?: unknown })?.cause ? sqlState((e as { cause?: unknown }).cause) : undefined);
