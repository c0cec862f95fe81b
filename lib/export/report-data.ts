// What the regulator's report for a period says (DESIGN §5, §4): the KPIs from the SQL implementation
// of lib/metrics, the autonomy mix and human oversight, the policy breaches, the ledger's verification
// and the checkpoint it rests on, and the retention in force. Everything is read, nothing computed twice.
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { rowsOf, type Database } from "@/db/client";
import { events, workspaces } from "@/db/schema";
import { retentionOf, type Retention } from "@/lib/compliance/retention";
import type { Ledger } from "@/lib/ledger/context";
import { currentCheckpoint, type StoredCheckpoint } from "@/lib/ledger/prove";
import { listVerifications, type VerificationRun } from "@/lib/ledger/verification-runs";
import { computeMetricsSql } from "@/lib/metrics/sql";
import { type MetricsKpis, resolveMetricsQuery } from "@/lib/metrics/types";
import type { ReportPeriod } from "./report-period";

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
  /** `to` is exclusive; while the period is in progress it is `generatedAt`, and `askedTo` the end asked for. */
  period: { by: ReportPeriod["by"]; from: string; to: string; askedTo: string; inProgress: boolean };
  generatedAt: string;
  generatedBy: string;
  /** Events that occurred in the period, by type. */
  volumes: { total: number; byType: Record<string, number> };
  kpis: MetricsKpis;
  breaches: { count: number; listed: Breach[] };
  reversals: Reversals;
  ledger: { headSeq: number; checkpoint: StoredCheckpoint | null; verifierKey: string };
  verification: VerificationRun | null;
  retention: Retention;
}

/**
 * Reversals counted two ways, and how the two meet. Volumes counts `action.reversed` events dated in the
 * period, whatever they undo; the reversal KPI counts the period's AI-executed actions that were
 * reversed, whenever the reversal came (docs/metrics.md). Neither is wrong; the report shows both,
 * labelled, with what separates them.
 */
export interface Reversals {
  /** `action.reversed` events that occurred in the period (= volumes.byType["action.reversed"]). */
  recorded: number;
  /** Of those, the ones that undo an AI-executed action of the period. */
  recordedOfPeriodAiActions: number;
  /** AI-executed actions of the period with a reversal of their own, whenever (= kpis.reversal.numerator). */
  aiActionsReversed: number;
  /** Of those, the ones with no reversal dated in the period (reversed after it ended). */
  aiActionsReversedOutside: number;
}

const BREACHES_LISTED = 25;

export async function regulatorReport(
  ledger: Ledger,
  options: { workspaceId: string; period: ReportPeriod; generatedBy: string; retentionMonths: number; sequential: boolean; now: Date },
): Promise<RegulatorReport> {
  const { workspaceId, period, now } = options;
  const { from, to } = period;
  const db = ledger.db;
  // Sign the head first, so the report names a checkpoint that covers everything stored until now.
  const checkpoint = await currentCheckpoint(ledger, workspaceId);
  const query = resolveMetricsQuery({ from: from.toISOString(), to: to.toISOString(), workspace: workspaceId }, now);
  const [metrics, byType, breaches, reversals, [verification], [ws], oldest] = await Promise.all([
    computeMetricsSql(db, query, { sequential: options.sequential }),
    db
      .select({ type: events.type, n: sql<number>`count(*)::int` })
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), gte(events.occurredAt, from), lt(events.occurredAt, to)))
      .groupBy(events.type),
    breachesIn(db, workspaceId, from, to),
    reversalsIn(db, workspaceId, from, to),
    listVerifications(db, workspaceId, { limit: 1 }),
    db.select().from(workspaces).where(eq(workspaces.id, workspaceId)),
    db.select({ at: events.receivedAt }).from(events).where(and(eq(events.workspaceId, workspaceId), eq(events.seq, 1))),
  ]);
  const volumes = Object.fromEntries(byType.map((r) => [r.type, Number(r.n)]));
  return {
    workspace: { id: workspaceId, name: ws?.name ?? workspaceId },
    period: { by: period.by, from: from.toISOString(), to: to.toISOString(), askedTo: period.askedTo.toISOString(), inProgress: period.inProgress },
    generatedAt: now.toISOString(),
    generatedBy: options.generatedBy,
    volumes: { total: Object.values(volumes).reduce((a, b) => a + b, 0), byType: volumes },
    kpis: metrics.kpis,
    breaches: { count: metrics.kpis.policyBreach.numerator, listed: breaches },
    // Volumes already count the reversals recorded, and the reversal rate's numerator the AI's actions
    // reversed; only how the two bases overlap is counted here.
    reversals: { recorded: volumes["action.reversed"] ?? 0, aiActionsReversed: metrics.kpis.reversal.numerator, ...reversals },
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

async function reversalsIn(db: Database, workspaceId: string, from: Date, to: Date): Promise<Pick<Reversals, "recordedOfPeriodAiActions" | "aiActionsReversedOutside">> {
  const [row] = rowsOf<{ recorded_of_period: number; ai_reversed_outside: number }>(
    await db.execute(sql`
      with acts as (
        select event_id, reversed from ai_decisions
        where workspace_id = ${workspaceId} and kind = 'action'
          and occurred_at >= ${from.toISOString()}::timestamptz and occurred_at < ${to.toISOString()}::timestamptz
      ),
      revs as (
        select parent_id from events
        where workspace_id = ${workspaceId} and type = 'action.reversed'
          and occurred_at >= ${from.toISOString()}::timestamptz and occurred_at < ${to.toISOString()}::timestamptz
      )
      select
        (select count(*) from revs join acts on acts.event_id = revs.parent_id)::int as recorded_of_period,
        (select count(*) from acts where reversed and not exists (select 1 from revs where revs.parent_id = acts.event_id))::int as ai_reversed_outside`),
  );
  return {
    recordedOfPeriodAiActions: Number(row.recorded_of_period),
    aiActionsReversedOutside: Number(row.ai_reversed_outside),
  };
}
