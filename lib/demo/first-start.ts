// First start of the embedded app: an empty database gets the demo workspace, so a newcomer who ran
// `npm start` sees what Warrant is for instead of empty charts. It loads in the background — the
// embedded database appends about a thousand events a second with every projection, so 50,000 take
// about a minute — and the pages show how far it has got (demoLoadStatus) while they fill in.
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { log } from "@/lib/log";
import type { Runtime } from "@/lib/runtime";
import { demoEndDate } from "./command";
import { DEMO_WORKSPACE_NAME, seedDemo } from "./seed";

export const FIRST_START_WORKSPACE = "demo";
export const FIRST_START_SEED = "1";

type StartingRuntime = Pick<Runtime, "handle" | "ledger" | "env">;

export interface DemoLoadStatus {
  workspace: string;
  name: string;
  total: number;
  appended: number;
  state: "loading" | "done" | "failed";
  startedAt: string;
  error?: string;
}

// On globalThis: Next bundles modules per route, and the pages must see the loader's progress.
const globalForDemo = globalThis as unknown as { warrantDemoLoad?: DemoLoadStatus };

/** The first-start demo load of this process, or null when none was started. */
export function demoLoadStatus(): DemoLoadStatus | null {
  return globalForDemo.warrantDemoLoad ?? null;
}

/**
 * Whether this start should load the demo: the embedded database (a server is someone's real
 * deployment), WARRANT_DEMO not "0", and no event in any workspace yet.
 */
export async function shouldLoadDemo(rt: StartingRuntime): Promise<boolean> {
  if (rt.handle.kind !== "pglite" || rt.env.WARRANT_DEMO === "0") return false;
  const [row] = rowsOf<{ any: boolean }>(await rt.handle.db.execute(sql`select exists (select 1 from chain_heads where seq > 0) as any`));
  return !row?.any;
}

/**
 * Starts loading the demo workspace when `shouldLoadDemo` says so; resolves once the load has
 * started (or was not needed), not when it ends. `done` resolves when it ends, for tests.
 */
export async function loadDemoOnFirstStart(rt: StartingRuntime, now = new Date(), events = rt.env.WARRANT_DEMO_EVENTS): Promise<{ started: boolean; done: Promise<void> }> {
  if (!(await shouldLoadDemo(rt))) return { started: false, done: Promise.resolve() };
  const status: DemoLoadStatus = {
    workspace: FIRST_START_WORKSPACE,
    name: DEMO_WORKSPACE_NAME,
    total: events,
    appended: 0,
    state: "loading",
    startedAt: now.toISOString(),
  };
  globalForDemo.warrantDemoLoad = status;
  log.info("empty embedded database: loading the demo workspace in the background (WARRANT_DEMO=0 turns this off)", { workspace: status.workspace, events });
  const done = seedDemo(rt.ledger, status.workspace, {
    events,
    seed: FIRST_START_SEED,
    endDate: demoEndDate(now),
    // The embedded database runs one transaction at a time: small batches let pages' queries in
    // between, so the app stays usable while the demo loads.
    batchSize: 250,
    onProgress: ({ appended, duplicates }) => {
      status.appended = appended + duplicates;
    },
  }).then(
    (result) => {
      status.state = "done";
      log.info("demo workspace loaded", { workspace: status.workspace, events: result.appended, seconds: Math.round(result.seconds), eventsPerSecond: Math.round(result.eventsPerSecond) });
    },
    (error: Error) => {
      status.state = "failed";
      status.error = error.message;
      log.error("loading the demo workspace failed; load it later with: npx warrant seed", { error: error.message });
    },
  );
  return { started: true, done };
}
