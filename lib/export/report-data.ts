// What the regulator's report for a period says (DESIGN §5, §4): the KPIs from the SQL implementation
// of lib/metrics, the autonomy mix and human oversight, the policy breaches, the ledger's verification
// and the checkpoint it rests on, and the retention in force. Everything is read, nothing computed twice.
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Database } from "@/db/client";
import { events, workspaces } from "@/db/schema";
import { retentionOf, type Retention } from "@/lib/compliance/retention";
import type { Ledger } from "@/lib/ledger/context";
import { currentCheckpoint, type StoredCheckpoint } from "@/lib/ledger/prove";
import { listVerifications, type VerificationRun } from "@/lib/ledger/verification-runs";
import { computeMetricsSql } from "@/lib/metrics/sql";
import { type MetricsKpis, resolveMetricsQuery } from "@/lib/metrics/types";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** ?month=2026-10, or ?from=2026-10-01&to=2026-11-01 (UTC days, `to` exclusive). */
export const reportQuerySchema = z
  .strictObject({
    workspace: z.string().max(64).optional(),
    month: z.string().regex(MONTH, "a month, 2026-10").optional(),
    from: z.string().regex(DAY, "a date, 2026-10-01").optional(),
    to: z.string().regex(DAY, "a date, 2026-11-01").optional(),
  })
  .superRefine((q, ctx) => {
    if (!q.month && !(q.from && q.to)) ctx.addIssue({ code: "custom", path: ["month"], message: "give a month, or from and to" });
    if (q.month && (q.from || q.to)) ctx.addIssue({ code: "custom", path: ["month"], message: "give a month or from and to, not both" });
    if (q.from && q.to && q.from >= q.to) ctx.addIssue({ code: "custom", path: ["from"], message: "must be before to" });
  })
  .transform((q) => {
    if (q.month) {
      const [y, m] = q.month.split("-").map(Number);
      return { workspace: q.workspace, from: new Date(Date.UTC(y, m - 1, 1)), to: new Date(Date.UTC(y, m, 1)) };
    }
    return { workspace: q.workspace, from: new Date(`${q.from}T00:00:00Z`), to: new Date(`${q.to}T00:00:00Z`) };
  });

export interface Breach {
  seq: number;
  eventId: string;
  occurredAt: string;
  action: string;
  autonomy: string | null;
  policyVersion: number | null;
}

export interface RegulatorReport {
  workspace: { id: string; name: string };
  period: { from: string; to: string };
  generatedAt: string;
  generatedBy: string;
  /** Events that occurred in the period, by type. */
  volumes: { total: number; byType: Record<string, number> };
  kpis: MetricsKpis;
  breaches: { count: number; listed: Breach[] };
  ledger: { headSeq: number; checkpoint: StoredCheckpoint | null; verifierKey: string };
  verification: VerificationRun | null;
  retention: Retention;
}

const BREACHES_LISTED = 25;

export async function regulatorReport(
  ledger: Ledger,
  options: { workspaceId: string; from: Date; to: Date; generatedBy: string; retentionMonths: number; sequential: boolean; now?: Date },
): Promise<RegulatorReport> {
  const { workspaceId, from, to } = options;
  const db = ledger.db;
  const now = options.now ?? new Date();
  // Sign the head first, so the report names a checkpoint that covers everything stored until now.
  const checkpoint = await currentCheckpoint(ledger, workspaceId);
  const query = resolveMetricsQuery({ from: from.toISOString(), to: to.toISOString(), workspace: workspaceId }, now);
  const [metrics, byType, breaches, [verification], [ws], oldest] = await Promise.all([
    computeMetricsSql(db, query, { sequential: options.sequential }),
    db
      .select({ type: events.type, n: sql<number>`count(*)::int` })
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), gte(events.occurredAt, from), lt(events.occurredAt, to)))
      .groupBy(events.type),
    breachesIn(db, workspaceId, from, to),
    listVerifications(db, workspaceId, { limit: 1 }),
    db.select().from(workspaces).where(eq(workspaces.id, workspaceId)),
    db.select({ at: events.receivedAt }).from(events).where(and(eq(events.workspaceId, workspaceId), eq(events.seq, 1))),
  ]);
  const volumes = Object.fromEntries(byType.map((r) => [r.type, Number(r.n)]));
  return {
    workspace: { id: workspaceId, name: ws?.name ?? workspaceId },
    period: { from: from.toISOString(), to: to.toISOString() },
    generatedAt: now.toISOString(),
    generatedBy: options.generatedBy,
    volumes: { total: Object.values(volumes).reduce((a, b) => a + b, 0), byType: volumes },
    kpis: metrics.kpis,
    breaches: { count: metrics.kpis.policyBreach.numerator, listed: breaches },
    ledger: { headSeq: checkpoint?.treeSize ?? 0, checkpoint, verifierKey: ledger.key.verifierKey },
    verification: verification ?? null,
    retention: retentionOf(options.retentionMonths, now, oldest[0]?.at ?? null),
  };
}

// The AI-executed actions that went beyond the decision-authority policy in force, as the ingest-time
// projection judged them (lib/projections, the same judgement the policyBreach KPI counts).
async function breachesIn(db: Database, workspaceId: string, from: Date, to: Date): Promise<Breach[]> {
  const rows = rowsOf<{ seq: string | number; event_id: string; occurred_at: string | Date; action: string; autonomy: string | null; policy_version: number | null }>(
    await db.execute(sql`
      select seq, event_id, occurred_at, action, autonomy, policy_version from ai_decisions
      where workspace_id = ${workspaceId} and kind = 'action' and policy_check = 'breach'
        and occurred_at >= ${from.toISOString()}::timestamptz and occurred_at < ${to.toISOString()}::timestamptz
      order by occurred_at, seq limit ${BREACHES_LISTED}`),
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    eventId: r.event_id,
    occurredAt: new Date(r.occurred_at).toISOString(),
    action: r.action,
    autonomy: r.autonomy,
    policyVersion: r.policy_version === null ? null : Number(r.policy_version),
  }));
}
