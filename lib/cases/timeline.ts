// A case's story (DESIGN §10 GET /cases/{caseId}): every event of the case in the order it happened,
// who acted, what each event answers (parentId), and the handoffs with whether context was carried.
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { events } from "@/db/schema";
import type { ActorType } from "@/lib/events/constants";
import type { WarrantEvent } from "@/lib/events/schema";
import { caseRow } from "@/lib/explain/related";
import { describeEvent } from "./describe";

export interface TimelineEntry {
  eventId: string;
  seq: number;
  type: WarrantEvent["type"];
  occurredAt: string;
  actor: { type: ActorType; id: string; version: string | null };
  /** The event this one answers, and its position in `events` when it belongs to this case. */
  parentId: string | null;
  parentIndex: number | null;
  /** Later events of the case that answer this one (their positions in `events`). */
  answeredBy: number[];
  summary: string;
  details: { label: string; value: string }[];
  /** An AI proposal or action: it has an explanation at /actions/{eventId}. */
  explainable: boolean;
  handoff: { from: "ai" | "human"; to: "ai" | "human"; reason: string; contextTransferred: boolean } | null;
  /** An approval's decision or a case outcome's status. */
  outcome: string | null;
  /** What happened to an AI decision later in the case. */
  flags: ("approved" | "edited" | "rejected" | "expired" | "overridden" | "reversed")[];
  hash: string;
}

export interface CaseTimeline {
  case: {
    caseId: string;
    journey: string;
    channel: string;
    customerRef: string | null;
    startedAt: string;
    lastEventAt: string;
    outcome: string;
    resolvedBy: string | null;
    reopenedCount: number;
    eventCount: number;
    aiVersions: string[];
  };
  events: TimelineEntry[];
  /** Causal links, parent → child, by event id. */
  links: { from: string; to: string; kind: string }[];
}

/** The timeline of one case; null when the workspace has no event for it. */
export async function caseTimeline(db: Database, workspaceId: string, caseId: string): Promise<CaseTimeline | null> {
  const [rows, kase] = await Promise.all([
    db
      .select({ seq: events.seq, id: events.id, record: events.record, hash: events.hash })
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), eq(events.caseId, caseId)))
      .orderBy(asc(events.occurredAt), asc(events.seq)),
    caseRow(db, workspaceId, caseId),
  ]);
  if (rows.length === 0) return null;

  const entries: TimelineEntry[] = [];
  for (const row of rows) {
    let event: WarrantEvent;
    try {
      event = (JSON.parse(row.record) as { event: WarrantEvent }).event;
    } catch {
      continue; // an unreadable record is a verification matter; the timeline shows what can be read
    }
    const described = describeEvent(event);
    entries.push({
      eventId: row.id,
      seq: Number(row.seq),
      type: event.type,
      occurredAt: event.occurredAt,
      actor: { type: event.actor.type, id: event.actor.id, version: event.actor.version ?? null },
      parentId: event.parentId ?? null,
      parentIndex: null,
      answeredBy: [],
      summary: described.summary,
      details: described.details,
      explainable: (event.type === "ai.proposal" || event.type === "action.executed") && event.actor.type === "ai",
      handoff: event.type === "handoff" ? { from: event.from, to: event.to, reason: event.reason, contextTransferred: event.contextTransferred } : null,
      outcome: event.type === "approval.decided" ? event.outcome : event.type === "case.outcome" ? event.status : null,
      flags: [],
      hash: row.hash.toString("hex"),
    });
  }

  const index = new Map(entries.map((e, i) => [e.eventId, i]));
  const links: CaseTimeline["links"] = [];
  entries.forEach((entry, i) => {
    if (!entry.parentId) return;
    links.push({ from: entry.parentId, to: entry.eventId, kind: entry.type });
    const p = index.get(entry.parentId);
    if (p === undefined) return;
    entry.parentIndex = p;
    const parent = entries[p];
    parent.answeredBy.push(i);
    const flag = flagOf(entry);
    if (flag && !parent.flags.includes(flag)) parent.flags.push(flag);
  });

  const first = entries[0];
  return {
    case: {
      caseId,
      journey: kase?.journey ?? "",
      channel: kase?.channel ?? "",
      customerRef: kase?.customerRef ?? null,
      startedAt: (kase?.startedAt ?? new Date(first.occurredAt)).toISOString(),
      lastEventAt: (kase?.lastEventAt ?? new Date(entries.at(-1)!.occurredAt)).toISOString(),
      outcome: kase?.outcomeStatus ?? "open",
      resolvedBy: kase?.resolvedBy ?? null,
      reopenedCount: kase?.reopenedCount ?? 0,
      eventCount: entries.length,
      aiVersions: kase?.aiVersions ?? [],
    },
    events: entries,
    links,
  };
}

function flagOf(entry: TimelineEntry): TimelineEntry["flags"][number] | null {
  if (entry.type === "action.overridden") return "overridden";
  if (entry.type === "action.reversed") return "reversed";
  if (entry.type === "approval.decided") return entry.outcome as "approved" | "edited" | "rejected" | "expired";
  return null;
}
