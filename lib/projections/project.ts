import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { cases } from "@/db/schema";
import { columnsOf } from "@/lib/events/columns";
import { foldCase, type ProjectedEntry } from "./case-state";
import type { NewCaseRowInput } from "./types";

/**
 * Applies newly appended ledger entries to the projections, inside the appending transaction, so
 * the projections never disagree with the ledger. The same function replays the ledger on rebuild.
 */
export async function projectEntries(tx: Executor, workspaceId: string, entries: ProjectedEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await projectCases(tx, workspaceId, entries);
  await projectDailyActivity(tx, workspaceId, entries);
}

async function projectCases(tx: Executor, workspaceId: string, entries: ProjectedEntry[]) {
  const caseIds = [...new Set(entries.map((e) => e.event.caseId))];
  const states = new Map<string, NewCaseRowInput>();
  const existing = await tx
    .select()
    .from(cases)
    .where(and(eq(cases.workspaceId, workspaceId), sql`${cases.caseId} in (select value from json_array_elements_text(${JSON.stringify(caseIds)}::json))`));
  for (const row of existing) {
    states.set(row.caseId, { ...row, startSeq: Number(row.startSeq), lastSeq: Number(row.lastSeq), outcomeSeq: row.outcomeSeq === null ? null : Number(row.outcomeSeq) });
  }
  for (const entry of entries) {
    states.set(entry.event.caseId, foldCase(states.get(entry.event.caseId) ?? null, workspaceId, entry));
  }
  const rows = [...states.values()].map((c) => ({
    workspace_id: c.workspaceId,
    case_id: c.caseId,
    started_at: c.startedAt.toISOString(),
    start_seq: c.startSeq,
    journey: c.journey,
    channel: c.channel,
    customer_ref: c.customerRef,
    contact: c.contact,
    ai_engaged: c.aiEngaged,
    handoff_to_human: c.handoffToHuman,
    outcome_status: c.outcomeStatus,
    outcome_at: c.outcomeAt?.toISOString() ?? null,
    outcome_seq: c.outcomeSeq,
    resolved_by: c.resolvedBy,
    attested_by: c.attestedBy,
    reopened_count: c.reopenedCount,
    ai_versions: c.aiVersions,
    actions: c.actions,
    event_count: c.eventCount,
    last_event_at: c.lastEventAt.toISOString(),
    last_seq: c.lastSeq,
  }));
  const columns = Object.keys(rows[0]);
  const types: Record<string, string> = {
    started_at: "timestamptz", outcome_at: "timestamptz", last_event_at: "timestamptz",
    start_seq: "bigint", outcome_seq: "bigint", last_seq: "bigint",
    contact: "integer", reopened_count: "integer", event_count: "integer",
    ai_engaged: "boolean", handoff_to_human: "boolean", ai_versions: "text[]", actions: "text[]",
  };
  const list = sql.raw(columns.join(", "));
  const definition = sql.raw(columns.map((c) => `${c} ${types[c] ?? "text"}`).join(", "));
  const updates = sql.raw(columns.filter((c) => c !== "workspace_id" && c !== "case_id").map((c) => `${c} = excluded.${c}`).join(", "));
  // One JSON parameter expanded by json_to_recordset: far cheaper than 21 bound parameters a row.
  await tx.execute(sql`
    insert into cases (${list}) select ${list} from json_to_recordset(${JSON.stringify(rows)}::json) as r(${definition})
    on conflict (workspace_id, case_id) do update set ${updates}`);
}

async function projectDailyActivity(tx: Executor, workspaceId: string, entries: ProjectedEntry[]) {
  const counts = new Map<string, Record<string, string | number>>();
  for (const { event } of entries) {
    const c = columnsOf(event);
    const row = {
      workspace_id: workspaceId,
      day: new Date(Date.parse(event.occurredAt)).toISOString().slice(0, 10),
      journey: c.journey,
      channel: c.channel,
      type: event.type,
      actor_type: c.actorType,
      ai_version: c.aiVersion ?? "",
      action: c.action ?? "",
      autonomy: c.autonomy ?? "",
      events: 0,
    };
    const key = [row.day, row.journey, row.channel, row.type, row.actor_type, row.ai_version, row.action, row.autonomy].join("\u0000");
    const existing = counts.get(key) ?? row;
    existing.events = Number(existing.events) + 1;
    counts.set(key, existing);
  }
  await tx.execute(sql`
    insert into daily_activity (workspace_id, day, journey, channel, type, actor_type, ai_version, action, autonomy, events)
    select workspace_id, day, journey, channel, type, actor_type, ai_version, action, autonomy, events
    from json_to_recordset(${JSON.stringify([...counts.values()])}::json) as r(workspace_id text, day date, journey text,
      channel text, type text, actor_type text, ai_version text, action text, autonomy text, events integer)
    on conflict on constraint daily_activity_pk do update set events = daily_activity.events + excluded.events`);
}
