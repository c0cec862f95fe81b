// Seeds a demo workspace: the demo decision-authority policy history, then the generated events,
// validated by the contract and appended through the ledger's one write path, as the API would.
import { eq } from "drizzle-orm";
import { accessLog, workspaces } from "@/db/schema";
import { validateEvents } from "@/lib/events/validate";
import type { WarrantEvent } from "@/lib/events/schema";
import { appendEvents, type AppendedEvent } from "@/lib/ledger/append";
import type { Ledger } from "@/lib/ledger/context";
import { appendPolicyVersion, listPolicyVersions } from "@/lib/policy/store";
import { ensureWorkspace } from "@/lib/workspaces";
import { demoWorld, generateDemo, type DemoOptions } from "./generate";

export const DEMO_WORKSPACE_NAME = "Demo: Fernhill Home & Garden";

/** Events generated and validated between two turns of the event loop. */
const SLICE = 100;

export interface SeedOptions extends DemoOptions {
  /** Called after each appended batch with the running totals. */
  onProgress?: (progress: { appended: number; duplicates: number; seconds: number }) => void;
}

export interface SeedResult {
  appended: number;
  /** Events already in the ledger (seeding the same seed twice appends nothing new). */
  duplicates: number;
  seconds: number;
  eventsPerSecond: number;
  /** The head of the workspace's chain after seeding, hex; null when nothing was appended. */
  headHash: string | null;
  headSeq: number | null;
  policyVersionsInstalled: number;
}

/** Refuses to mix invented events into a real audit trail. */
export class NotADemoWorkspaceError extends Error {
  constructor(readonly workspaceId: string) {
    super(`workspace ${workspaceId} exists and is not a demo workspace; demo data is only seeded into demo workspaces`);
  }
}

export async function seedDemo(ledger: Ledger, workspaceId: string, options: SeedOptions): Promise<SeedResult> {
  const db = ledger.db;
  const [existing] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  if (existing && !existing.isDemo) throw new NotADemoWorkspaceError(workspaceId);
  await ensureWorkspace(db, workspaceId, DEMO_WORKSPACE_NAME, true);
  const policyVersionsInstalled = await installDemoPolicy(ledger, workspaceId, options.endDate);

  const started = performance.now();
  const batchSize = options.batchSize ?? 1000;
  let appended = 0;
  let duplicates = 0;
  let head = null as { hash: string; seq: number } | null;
  // One batch is appended while the next is generated and validated: the generator works in slices
  // of 100 events and yields to the event loop between them, so the append's round trips progress
  // while the database works. Errors are captured at once and rethrown when the append is awaited.
  let inFlight: Promise<{ results: AppendedEvent[] } | { error: unknown }> | null = null;
  const settle = async () => {
    if (!inFlight) return;
    const done = await inFlight;
    inFlight = null;
    if ("error" in done) throw done.error;
    for (const r of done.results) {
      if (r.duplicate) duplicates += 1;
      else appended += 1;
    }
    const last = done.results[done.results.length - 1];
    if (last) head = { hash: last.hash, seq: last.seq };
    options.onProgress?.({ appended, duplicates, seconds: (performance.now() - started) / 1000 });
  };
  let pending: WarrantEvent[] = [];
  const slices = generateDemo({ ...options, batchSize: Math.min(SLICE, batchSize) });
  for (let next = slices.next(); ; next = slices.next()) {
    if (!next.done) {
      const checked = validateEvents(next.value);
      if (!checked.ok) {
        const [first] = checked.issues;
        throw new Error(`demo generator produced an invalid event (${first.path}: ${first.message})`);
      }
      pending.push(...checked.events);
    }
    if (pending.length >= batchSize || (next.done && pending.length > 0)) {
      await settle();
      const batch = pending.slice(0, batchSize);
      pending = pending.slice(batchSize);
      // Received two seconds after the batch's last event: deterministic, so the same seed gives the same chain.
      const receivedAt = new Date(Date.parse(batch[batch.length - 1].occurredAt) + 2000);
      inFlight = appendEvents(ledger, workspaceId, batch, { receivedAt }).then(
        (results) => ({ results }),
        (error: unknown) => ({ error }),
      );
    } else if (!next.done) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (next.done && pending.length === 0) break;
  }
  await settle();
  const seconds = (performance.now() - started) / 1000;
  return {
    appended,
    duplicates,
    seconds,
    eventsPerSecond: seconds > 0 ? (appended + duplicates) / seconds : 0,
    headHash: head?.hash ?? null,
    headSeq: head?.seq ?? null,
    policyVersionsInstalled,
  };
}

/** Appends the demo policy history unless the workspace already has a policy. Returns versions added. */
async function installDemoPolicy(ledger: Ledger, workspaceId: string, endDate: Date): Promise<number> {
  const db = ledger.db;
  if ((await listPolicyVersions(db, workspaceId)).length > 0) return 0;
  const { policies } = demoWorld(endDate);
  for (const version of policies) {
    const stored = await appendPolicyVersion(db, workspaceId, {
      document: version.document,
      effectiveFrom: version.effectiveFrom,
      createdBy: version.createdBy,
      reason: version.reason,
    });
    const cap = version.document.caps?.[0];
    if (cap) {
      await db.insert(accessLog).values({
        workspaceId,
        at: version.effectiveFrom,
        actor: cap.by,
        action: "policy.lowered_to_assist",
        target: cap.pattern,
        details: { policyVersion: stored.version, reason: cap.reason },
      });
    }
  }
  return policies.length;
}
