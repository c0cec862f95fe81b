import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { cases, dailyActivity } from "@/db/schema";
import { columnsOf } from "@/lib/events/columns";
import { foldCase, type ProjectedEntry } from "./case-state";
import type { NewCaseRowInput } from "./types";

const CHUNK = 1000;

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
  for (let i = 0; i < caseIds.length; i += CHUNK) {
    const rows = await tx
      .select()
      .from(cases)
      .where(and(eq(cases.workspaceId, workspaceId), inArray(cases.caseId, caseIds.slice(i, i + CHUNK))));
    for (const row of rows) states.set(row.caseId, { ...row, startSeq: Number(row.startSeq), lastSeq: Number(row.lastSeq), outcomeSeq: row.outcomeSeq === null ? null : Number(row.outcomeSeq) });
  }
  for (const entry of entries) {
    states.set(entry.event.caseId, foldCase(states.get(entry.event.caseId) ?? null, workspaceId, entry));
  }
  const rows = [...states.values()];
  const columns = Object.keys(rows[0]) as (keyof NewCaseRowInput)[];
  const update = Object.fromEntries(
    columns.filter((c) => c !== "workspaceId" && c !== "caseId").map((c) => [c, sql.raw(`excluded.${toSnake(c)}`)]),
  );
  // 22 columns: 1,000 rows stay well under the 65,534-parameter limit of one statement.
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx
      .insert(cases)
      .values(rows.slice(i, i + CHUNK))
      .onConflictDoUpdate({ target: [cases.workspaceId, cases.caseId], set: update });
  }
}

async function projectDailyActivity(tx: Executor, workspaceId: string, entries: ProjectedEntry[]) {
  const counts = new Map<string, typeof dailyActivity.$inferInsert>();
  for (const { event } of entries) {
    const c = columnsOf(event);
    const row = {
      workspaceId,
      day: new Date(Date.parse(event.occurredAt)).toISOString().slice(0, 10),
      journey: c.journey,
      channel: c.channel,
      type: event.type,
      actorType: c.actorType,
      aiVersion: c.aiVersion ?? "",
      action: c.action ?? "",
      autonomy: c.autonomy ?? "",
      events: 0,
    };
    const key = [row.day, row.journey, row.channel, row.type, row.actorType, row.aiVersion, row.action, row.autonomy].join("\u0000");
    const existing = counts.get(key) ?? row;
    existing.events = (existing.events ?? 0) + 1;
    counts.set(key, existing);
  }
  const rows = [...counts.values()];
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx
      .insert(dailyActivity)
      .values(rows.slice(i, i + CHUNK))
      .onConflictDoUpdate({
        target: [dailyActivity.workspaceId, dailyActivity.day, dailyActivity.journey, dailyActivity.channel, dailyActivity.type, dailyActivity.actorType, dailyActivity.aiVersion, dailyActivity.action, dailyActivity.autonomy],
        set: { events: sql`${dailyActivity.events} + excluded.events` },
      });
  }
}

const toSnake = (name: string) => name.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
