// The live feed of AI activity (/activity): AI proposals and actions as they are appended, each checked
// against the decision-authority policy in force, and people countermanding them (rejections, edits,
// overrides, reversals). Read by seq from the ledger's primary key, so following the tail costs O(new rows).
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "@/db/client";
import type { WarrantEvent } from "@/lib/events/schema";
import { actionPhrase } from "@/lib/explain/words";
import { checkAction, policyInForceAt } from "@/lib/policy/evaluate";
import type { PolicyVersion } from "@/lib/policy/schema";
import { listPolicyVersions } from "@/lib/policy/store";

export interface ActivityItem {
  seq: number;
  eventId: string;
  /** "decision": an AI proposal or action; "countermand": a person rejecting, editing, overriding or reversing one. */
  kind: "decision" | "countermand";
  type: WarrantEvent["type"];
  occurredAt: string;
  caseId: string;
  journey: string;
  /** The action of the decision (for a countermand: of the decision it answers, when known). */
  action: string | null;
  autonomy: string | null;
  actor: string;
  /** One line: "refunded €42.00 on order 1183", "agent_0417 overrode it: …". */
  summary: string;
  confidence: number | null;
  /** For AI-executed actions: within or beyond the policy in force; else null. */
  policy: "within" | "breach" | null;
  /** The decision whose explanation to open: itself, or the one a countermand answers. */
  explainId: string | null;
}

const TYPES = ["ai.proposal", "action.executed", "approval.decided", "action.overridden", "action.reversed"];

interface Row {
  seq: string | number;
  id: string;
  record: string;
  parent_action: string | null;
}

function itemOf(row: Row, versions: PolicyVersion[]): ActivityItem | null {
  let event: WarrantEvent;
  try {
    event = (JSON.parse(row.record) as { event: WarrantEvent }).event;
  } catch {
    return null;
  }
  const base = { seq: Number(row.seq), eventId: row.id, type: event.type, occurredAt: event.occurredAt, caseId: event.caseId, journey: event.journey };
  if ((event.type === "ai.proposal" || event.type === "action.executed") && event.actor.type === "ai") {
    const check = event.type === "action.executed" ? checkAction(policyInForceAt(versions, event.occurredAt), event).result : "none";
    return {
      ...base,
      kind: "decision",
      action: event.action.name,
      autonomy: event.type === "action.executed" ? event.autonomy : "proposal",
      actor: event.actor.version ?? event.actor.id,
      summary: event.type === "ai.proposal" ? `proposed ${actionPhrase(event.action, "gerund")}` : actionPhrase(event.action),
      confidence: event.decision?.confidence ?? null,
      policy: check === "none" ? null : check,
      explainId: row.id,
    };
  }
  const countermand = { ...base, kind: "countermand" as const, action: row.parent_action, autonomy: null, actor: event.actor.id, confidence: null, policy: null, explainId: event.parentId ?? null };
  if (event.type === "approval.decided" && (event.outcome === "rejected" || event.outcome === "edited")) {
    const who = event.reviewer.name ?? event.reviewer.id;
    return { ...countermand, actor: who, summary: `${who} ${event.outcome === "edited" ? "edited" : "rejected"} the AI's proposal${event.reason ? `: ${event.reason}` : ""}` };
  }
  if (event.type === "action.overridden") return { ...countermand, summary: `${event.actor.id} overrode the AI: ${event.reason}` };
  if (event.type === "action.reversed") return { ...countermand, summary: `The AI's action was reversed: ${event.reason}` };
  return null;
}

// Rows that may become items: AI decisions, and every reaction (approvals are filtered to rejections and
// edits after parsing). The parent's action is joined so a countermand can be filtered by action too.
const select = (where: ReturnType<typeof sql>, order: "asc" | "desc", limit: number) => sql`
  select e.seq, e.id, e.record, p.action as parent_action
  from events e
  left join events p on e.parent_id is not null and p.workspace_id = e.workspace_id and p.id = e.parent_id
  where ${where} and e.type in (${sql.join(TYPES.map((t) => sql`${t}`), sql`, `)})
    and (e.actor_type = 'ai' or e.type not in ('ai.proposal', 'action.executed'))
    and (e.type <> 'approval.decided' or e.outcome in ('rejected', 'edited'))
  order by e.seq ${sql.raw(order)}
  limit ${limit}`;

export interface ActivityPage {
  items: ActivityItem[];
  /** The highest seq looked at; pass it back as `after`. */
  lastSeq: number;
  /** True when more than `limit` items were waiting: the oldest were skipped to keep up. */
  skipped: boolean;
}

/**
 * Activity after `after` (a seq), oldest first. When more than `limit` are waiting, only the newest `limit`
 * are returned and `skipped` is set: a live view must keep up with the ingest rate rather than replay it.
 */
export async function activitySince(db: Database, workspaceId: string, after: number, limit = 200): Promise<ActivityPage> {
  const [head] = rowsOf<{ seq: string | number }>(await db.execute(sql`select seq from chain_heads where workspace_id = ${workspaceId}`));
  const headSeq = Number(head?.seq ?? 0);
  if (headSeq <= after) return { items: [], lastSeq: Math.max(after, headSeq), skipped: false };
  const rows = rowsOf<Row>(await db.execute(select(sql`e.workspace_id = ${workspaceId} and e.seq > ${after} and e.seq <= ${headSeq}`, "desc", limit + 1)));
  const versions = await listPolicyVersions(db, workspaceId);
  const items = rows
    .slice(0, limit)
    .reverse()
    .map((r) => itemOf(r, versions))
    .filter((i): i is ActivityItem => i !== null);
  return { items, lastSeq: headSeq, skipped: rows.length > limit };
}

/** The latest `limit` items, oldest first: what the page shows before the stream takes over. */
export async function recentActivity(db: Database, workspaceId: string, limit = 50): Promise<ActivityPage> {
  return activitySince(db, workspaceId, 0, limit).then((page) => ({ ...page, skipped: false }));
}
