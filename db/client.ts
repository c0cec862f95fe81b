import { type SQL, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

/** One type for both engines: drizzle over PGlite (embedded) or over postgres.js (a server). */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /** The server URL when kind is "postgres". */
  url?: string;
  /** Runs a script of one or more statements (simple protocol); returns the rows of the last one. */
  execScript(script: string): Promise<Record<string, unknown>[]>;
  /** The ledger append's transaction: its statements prepared and pipelined (see PipelinedRunner). */
  pipelined: PipelinedRunner;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL of a server; absent means embedded PGlite. */
  url?: string;
  /** PGlite data directory, or "memory://" for a throwaway in-memory database. */
  dataDir?: string;
  /** Connections in the postgres.js pool. */
  max?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      connect_timeout: 10,
      // After a failed connection postgres.js waits before the next attempt, by default up to 20 s
      // (3^n / 100 s): requests then queue that long for a 503, and the app takes that long to notice
      // the database is back. Retry at most every second instead; a refused connection costs little.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2),
      // Numeric and bigint stay strings from the driver; callers convert where they know the range.
    });
    const db = drizzle(client, { schema }) as unknown as Database;
    return {
      db,
      kind: "postgres",
      // postgres.js's own transaction (as drizzle's db.transaction), which also fails the work at once if
      // the connection drops; the statements in it are prepared (see `prepared`).
      pipelined: async (work, options) => {
        const statements: IssuedStatements = { issued: [], closed: false };
        const { issued } = statements;
        let inFlight: Promise<unknown> | undefined;
        const value = await client.begin(async (scoped) => {
          // Each statement is planned for the values it is sent unless the caller asks for generic plans:
          // a generic plan made while a table is young can probe it through the wrong index for as long
          // as the connection caches it (docs/benchmarks.md). Not awaited: it goes out ahead of the
          // work's first statement, and its outcome is checked with the others'.
          issued.push(
            (options?.genericPlans ? scoped`set local plan_cache_mode = force_generic_plan` : scoped`set local plan_cache_mode = force_custom_plan`).execute(),
          );
          const done = await work(drizzle(prepared(scoped, client.options, statements)) as unknown as Transaction);
          // Subscribing now also starts a lazily built drizzle query the work returned unawaited. Its outcome
          // is checked below, once COMMIT has answered; until then a failure must not count as unhandled.
          inFlight = done.inFlight?.then(() => undefined);
          inFlight?.catch(() => {});
          // From here postgres.js may send COMMIT; a statement issued now would race it (see `prepared`).
          statements.closed = true;
          return done.value;
        });
        // postgres.js sent COMMIT as soon as the work returned, behind statements still running. If one
        // of them failed, PostgreSQL turned that COMMIT into a ROLLBACK without an error of its own, so
        // success is only what every statement of the transaction reports. The first failure in sending
        // order is the cause; those behind it are refusals of the aborted transaction (25P02).
        await allInOrder(issued);
        await inFlight;
        return value as never;
      },
      url: options.url,
      execScript: async (script) => {
        const results = (await client.unsafe(script).simple()) as unknown as Record<string, unknown>[] | Record<string, unknown>[][];
        const last = Array.isArray(results[0]) || results.length === 0 ? results.at(-1) : results;
        return (last ?? []) as Record<string, unknown>[];
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dataDir = options.dataDir ?? "./.data/pglite";
  let release = () => {};
  if (!dataDir.startsWith("memory://")) {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dataDir, { recursive: true });
    // One process per embedded database (db/data-dir-lock.ts): a second one would overwrite its writes.
    const { claimDataDir } = await import("./data-dir-lock");
    release = claimDataDir(dataDir);
  }
  let client: InstanceType<typeof PGlite>;
  try {
    client = await PGlite.create(dataDir);
  } catch (error) {
    release();
    throw error;
  }
  const db = drizzle(client, { schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    // In-process: there are no round trips to save.
    pipelined: pipelinedOver(db),
    execScript: async (script) => ((await client.exec(script)).at(-1)?.rows ?? []) as Record<string, unknown>[],
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * The ledger's append transaction (lib/ledger/append.ts), whose every round trip is spent holding the
 * chain lock: on a server its statements are prepared (see `prepared`), so none waits a round trip
 * for its parameter types and they pipeline. The work returns its value and, as `inFlight`, the
 * statements it sent last and did not wait for: COMMIT goes out right behind them, in the same round
 * trip, and the runner resolves only once all of them and COMMIT have succeeded. A statement that
 * failed, even one whose error the work caught, fails the runner, and nothing is stored.
 */
export type PipelinedRunner = <T>(work: (tx: Transaction) => Promise<PipelinedWork<T>>, options?: PipelinedOptions) => Promise<T>;

export interface PipelinedOptions {
  /**
   * Run each statement on its prepared statement's generic plan, made once per connection, instead of
   * planning it for the values sent. Only for tables grown large enough that a plan made from their
   * statistics stays good (`Ledger.genericPlansFrom`); ignored in-process.
   */
  genericPlans?: boolean;
}

export interface PipelinedWork<T> {
  value: T;
  /** Statements the work sent and did not wait for; COMMIT is sent behind them. */
  inFlight?: Promise<unknown>;
}

/**
 * A postgres.js transaction as drizzle should drive it when statements are pipelined. drizzle
 * asks postgres.js for unnamed statements, and postgres.js sends an unnamed statement that has
 * parameters as Parse/Describe first, then waits for the parameter types before it sends Bind/Execute:
 * a round trip of its own per statement, during which nothing else is sent on the connection. A
 * prepared statement pays that once per connection; afterwards it goes out at once and pipelines, and
 * PostgreSQL does not plan it again. The append path's statements are a dozen fixed texts, so the
 * connection's statement cache stays that small. (Each is also queued as soon as it is issued rather
 * than when first awaited, so statements run in the order of the calls.)
 */
interface IssuedStatements {
  /** Every statement sent in the transaction, in sending order. */
  issued: Promise<unknown>[];
  /** The work has returned: COMMIT may already be on its way. */
  closed: boolean;
}

const lateStatement = () =>
  new Error("a statement was issued after the pipelined transaction's work returned; every statement must be sent before the work returns");

function prepared(connection: import("postgres").TransactionSql, options: import("postgres").Sql["options"], statements: IssuedStatements): import("postgres").Sql {
  const handle = new Proxy(connection, {
    get(target, property, receiver) {
      // A transaction's handle has no options of its own; drizzle reads the pool's (its type parsers).
      if (property === "options") return options;
      if (property !== "unsafe") return Reflect.get(target, property, receiver);
      return (query: string, parameters?: import("postgres").ParameterOrJSON<never>[], queryOptions?: import("postgres").UnsafeQueryOptions) => {
        // A statement sent after the work returned could run after COMMIT, outside the transaction (a
        // lazily built query first awaited two microtasks late): it is refused, never run. Its caller
        // gets the error; when the work returned it in `inFlight`, the runner fails with it too.
        if (statements.closed) return Promise.reject(lateStatement());
        const statement = target.unsafe(query, parameters, { ...queryOptions, prepare: true }).execute();
        statements.issued.push(statement);
        return statement;
      };
    },
  });
  return handle as unknown as import("postgres").Sql;
}

/** The same contract over `db.transaction`, where there are no round trips to save (PGlite, in-process). */
export function pipelinedOver(db: Database): PipelinedRunner {
  return (work) =>
    db.transaction(async (tx) => {
      const { value, inFlight } = await work(tx);
      await inFlight;
      return value;
    });
}

/**
 * Like Promise.all for statements pipelined on one transaction's connection, but it waits for all of
 * them and throws the first failure in sending order. Once a statement fails PostgreSQL refuses every
 * later one in the transaction ("current transaction is aborted", 25P02), and those refusals, arriving
 * in the same packet, can settle before the real error has made its way up through its caller.
 */
export async function allInOrder<const T extends readonly unknown[]>(statements: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const outcomes = await Promise.allSettled(statements);
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (failed) throw failed.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

/** Rows of a `db.execute(sql…)` result, whichever driver produced it. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * `values` as one SQL array of `type`, for `column = any(${sqlArray(…)})`: bound as a single JSON
 * parameter, so any count binds the same way on both engines. Written as `= any(array)` rather than
 * `in (select …)`, the lookup is an index condition on (workspace_id, column), which the planner picks
 * without statistics. As a semi-join, on a young table, a new partition or PGlite (which never gathers
 * statistics), it hashed the values and scanned every row of the workspace instead, a cost that grew
 * with the ledger on every append.
 */
export function sqlArray(values: readonly (string | number)[], type: "text" | "uuid" | "bigint"): SQL {
  // array(select …), an expression: `any((select …))` would still parse as a subquery (a semi-join).
  return sql`array(select value::${sql.raw(type)} from json_array_elements_text(${JSON.stringify(values)}::json))`;
}
