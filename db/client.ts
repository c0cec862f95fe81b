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
    return {
      db: drizzle(client, { schema }) as unknown as Database,
      kind: "postgres",
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
  if (!dataDir.startsWith("memory://")) {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dataDir, { recursive: true });
  }
  const client = await PGlite.create(dataDir);
  return {
    db: drizzle(client, { schema }) as unknown as Database,
    kind: "pglite",
    execScript: async (script) => ((await client.exec(script)).at(-1)?.rows ?? []) as Record<string, unknown>[],
    close: () => client.close(),
  };
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
