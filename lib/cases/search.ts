// Case search (DESIGN §10 GET /cases): by case id or customer reference, journey, action, actor,
// outcome and start date, and full-text over what the AI and people wrote (rationales, reasons), with
// keyset pagination. Results are rows of the `cases` projection, newest activity first; words are matched
// in the `event_search` projection (one tsvector per event that has a rationale or a reason).
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Database } from "@/db/client";
import { EVENT_SEARCH_TEXT } from "@/db/schema";
import { CASE_STATUSES, MAX_LEN } from "@/lib/events/constants";

export const OUTCOME_FILTERS = [...CASE_STATUSES, "open"] as const;
export type OutcomeFilter = (typeof OUTCOME_FILTERS)[number];

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Too long: at most ${max} characters.`)
    .optional()
    .transform((v) => (v ? v : undefined));

const instant = z
  .union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()], { error: "Not a date: use YYYY-MM-DD, or an ISO-8601 instant with its offset." })
  .optional()
  .transform((v) => (v === undefined ? undefined : v instanceof Date ? v : new Date(v.length === 10 ? `${v}T00:00:00Z` : v)));

/** The query of GET /api/v1/cases and the /cases form; also what `searchCases` accepts. */
export const caseSearchSchema = z.strictObject({
  query: optionalText(500).describe("A case id, a customer reference, or words from rationales and reasons"),
  journey: optionalText(MAX_LEN.journey),
  action: optionalText(MAX_LEN.actionName),
  actor: optionalText(MAX_LEN.id).describe("An actor id (refund-agent, agent_0193) or an AI version"),
  outcome: z.enum(OUTCOME_FILTERS).optional(),
  from: instant.describe("Cases started at or after (ISO-8601)"),
  to: instant.describe("Cases started before (ISO-8601)"),
  cursor: optionalText(1000),
  limit: z.coerce.number().int().min(1).max(100).default(25),
}).refine((q) => !(q.from && q.to && q.from >= q.to), { message: "From must be before To.", path: ["from"] });
export type CaseSearchInput = z.input<typeof caseSearchSchema>;
export type CaseSearch = z.output<typeof caseSearchSchema>;

export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface CaseHit {
  caseId: string;
  journey: string;
  channel: string;
  customerRef: string | null;
  startedAt: string;
  lastEventAt: string;
  eventCount: number;
  outcome: OutcomeFilter;
  resolvedBy: string | null;
  aiEngaged: boolean;
  handoffToHuman: boolean;
  reopenedCount: number;
  /** Every action named in the case, by anyone: the AI's proposals and whoever carried actions out. */
  actions: string[];
  /** The actions the AI proposed (a person then approves or carries them out). */
  aiProposed: string[];
  /** The actions the AI carried out itself; what people or systems did is in `actions` only. */
  aiExecuted: string[];
  aiVersions: string[];
  /** Why the case matched the query: its id, its customer, or words in what was written. */
  matchedOn: "case" | "customer" | "text" | null;
  /** A passage of the matching (or the latest) rationale or reason; `match` parts are the query's words. */
  snippet: SnippetPart[] | null;
  /** The case's latest AI proposal or action: the one an agent most likely wants explained. */
  latestAiDecision: { eventId: string; type: string; action: string | null; occurredAt: string } | null;
}

export interface CaseSearchResult {
  cases: CaseHit[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** A cursor that was not produced by this API (or was tampered with). */
export class InvalidCursorError extends Error {
  readonly brand = "warrant.InvalidCursorError";
  static is(error: unknown): error is InvalidCursorError {
    return (error as { brand?: string } | null)?.brand === "warrant.InvalidCursorError";
  }
}

interface Cursor {
  /** last_event_at to the microsecond, in UTC. */
  t: string;
  c: string;
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");

function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as Cursor;
    if (typeof value.t === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(value.t) && typeof value.c === "string") return value;
  } catch {}
  throw new InvalidCursorError("the cursor is not one this API returned");
}

// Sentinels ts_headline puts around matched words; they cannot occur in stored text (control characters
// are refused by nothing upstream, but U+0002/U+0003 are vanishingly unlikely and only affect highlighting).
const START = "\u0002";
const STOP = "\u0003";
const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxWords=28, MinWords=10, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "`;

/** Splits a headline at its markers; "…" where the fragment starts or ends inside the full text. */
function snippetParts(headline: string | null, full: string | null): SnippetPart[] | null {
  if (!headline) return null;
  const parts: SnippetPart[] = [];
  for (const [i, piece] of headline.split(new RegExp(`[${START}${STOP}]`)).entries()) {
    if (piece) parts.push({ text: piece, match: i % 2 === 1 });
  }
  const plain = parts.map((p) => p.text).join("").trim();
  const whole = (full ?? "").replace(/\s+/g, " ").trim();
  const squash = (t: string) => t.replace(/\s+/g, " ");
  if (parts.length > 0 && whole && !whole.startsWith(squash(plain).slice(0, 20))) parts.unshift({ text: "… ", match: false });
  if (parts.length > 0 && whole && !whole.endsWith(squash(plain).slice(-20))) parts.push({ text: " …", match: false });
  return parts;
}

function plainSnippet(text: string | null, max = 220): SnippetPart[] | null {
  if (!text) return null;
  const t = text.replace(/\s+/g, " ").trim();
  return [{ text: t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t, match: false }];
}

interface Row {
  case_id: string;
  journey: string;
  channel: string;
  customer_ref: string | null;
  started_at: string;
  last_event_at: string;
  cursor_at: string;
  event_count: number | string;
  outcome_status: string | null;
  resolved_by: string | null;
  ai_engaged: boolean;
  handoff_to_human: boolean;
  reopened_count: number | string;
  actions: string[] | string;
  ai_proposed: string[] | string;
  ai_executed: string[] | string;
  ai_versions: string[] | string;
  ai_id: string | null;
  ai_type: string | null;
  ai_action: string | null;
  ai_at: string | null;
  ai_rationale: string | null;
  headline: string | null;
}

// postgres.js parses text[] into arrays; PGlite too, but be tolerant of the literal form.
const arrayOf = (value: string[] | string): string[] =>
  Array.isArray(value) ? value : value.replace(/^\{|\}$/g, "").split(",").filter(Boolean).map((s) => s.replace(/^"|"$/g, ""));

const iso = (value: string | Date) => new Date(value).toISOString();

async function exactMatch(db: Database, workspaceId: string, query: string): Promise<"case" | "customer" | null> {
  const [row] = rowsOf<{ kind: "case" | "customer" }>(
    await db.execute(sql`
      (select 'case' as kind from cases where workspace_id = ${workspaceId} and case_id = ${query} limit 1)
      union all
      (select 'customer' from cases where workspace_id = ${workspaceId} and customer_ref = ${query} limit 1)
      limit 1`),
  );
  return row?.kind ?? null;
}

/**
 * Up to this many events matching the words, a search reads the matching cases directly (an index probe
 * each); past it, it walks cases newest first and checks each for a match. The walk is the fast way for
 * common words, which a recent case soon matches, but it can read every case when the matches are few,
 * old, or excluded by the other filters (words + journey + outcome walked 80,000 cases for 26 hits on a
 * million events: 280 ms, against 24 ms for the probes; docs/benchmarks.md).
 */
export const TEXT_HITS_TO_PROBE = 10_000;

export interface CaseSearchOptions {
  /** Override TEXT_HITS_TO_PROBE (tests exercise both strategies on small data with it). */
  textHitsToProbe?: number;
}

/** How many rows `matching` (the events that match the words) yields, counted up to `cap + 1`. */
async function countTextHits(db: Database, matching: SQL, cap: number): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(await db.execute(sql`select count(*) as n from (${matching} limit ${cap + 1}) hits`));
  return Number(row?.n ?? 0);
}

/** Searches a workspace's cases. Throws InvalidCursorError for a cursor this function did not return. */
export async function searchCases(
  db: Database,
  workspaceId: string,
  input: CaseSearchInput = {},
  options: CaseSearchOptions = {},
): Promise<CaseSearchResult> {
  const q = caseSearchSchema.parse(input);
  const conditions: SQL[] = [sql`c.workspace_id = ${workspaceId}`];
  // A pasted case id or customer reference finds exactly that; anything else is searched as words.
  const exact = q.query ? await exactMatch(db, workspaceId, q.query) : null;
  const tsquery = q.query && !exact ? sql`websearch_to_tsquery('english', ${q.query})` : null;
  if (exact === "case") conditions.push(sql`c.case_id = ${q.query}`);
  else if (exact === "customer") conditions.push(sql`c.customer_ref = ${q.query}`);
  else if (tsquery) {
    const cap = options.textHitsToProbe ?? TEXT_HITS_TO_PROBE;
    const matching = sql`select s.case_id from event_search s where s.workspace_id = ${workspaceId} and s.document @@ ${tsquery}`;
    const hits = await countTextHits(db, matching, cap);
    if (hits === 0) return { cases: [], nextCursor: null };
    // `= any(array(…))` makes PostgreSQL compute the matches first and probe the cases' key with them;
    // `in (…)` leaves it free to walk cases by recency, which it prefers whenever the filters look loose.
    conditions.push(hits <= cap ? sql`c.case_id = any(array(${matching}))` : sql`c.case_id in (${matching})`);
  }
  if (q.journey) conditions.push(sql`c.journey = ${q.journey}`);
  if (q.action) conditions.push(sql`${q.action}::text = any(c.actions)`);
  if (q.actor) {
    conditions.push(sql`(${q.actor}::text = any(c.ai_versions) or c.case_id in (
      select a.case_id from events a where a.workspace_id = ${workspaceId} and a.actor_id = ${q.actor}))`);
  }
  if (q.outcome === "open") conditions.push(sql`c.outcome_status is null`);
  else if (q.outcome) conditions.push(sql`c.outcome_status = ${q.outcome}`);
  if (q.from) conditions.push(sql`c.started_at >= ${q.from.toISOString()}::timestamptz`);
  if (q.to) conditions.push(sql`c.started_at < ${q.to.toISOString()}::timestamptz`);
  if (q.cursor) {
    const cursor = decodeCursor(q.cursor);
    conditions.push(sql`(c.last_event_at, c.case_id) < (${cursor.t}::timestamptz, ${cursor.c}::text)`);
  }

  const matched = exact ? sql`${exact}::text` : tsquery ? sql`'text'` : sql`null`;
  const headline = tsquery ? sql`case when m.text is not null then ts_headline('english', m.text, ${tsquery}, ${HEADLINE_OPTIONS}) end` : sql`null`;
  const matchJoin = tsquery
    ? sql`left join lateral (
        select ${EVENT_SEARCH_TEXT} as text
        from event_search s join events e on e.workspace_id = s.workspace_id and e.seq = s.seq
        where s.workspace_id = c.workspace_id and s.case_id = c.case_id and s.document @@ ${tsquery}
        order by s.seq desc limit 1) m on true`
    : sql`left join lateral (select null::text as text) m on true`;

  const rows = rowsOf<Row & { matched_on: CaseHit["matchedOn"]; matched_text: string | null }>(
    await db.execute(sql`
      select c.case_id, c.journey, c.channel, c.customer_ref, c.started_at, c.last_event_at,
        to_char(c.last_event_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at,
        c.event_count, c.outcome_status, c.resolved_by, c.ai_engaged, c.handoff_to_human, c.reopened_count, c.actions,
        c.ai_proposed, c.ai_executed, c.ai_versions,
        ai.id as ai_id, ai.type as ai_type, ai.action as ai_action, ai.occurred_at as ai_at, ai.rationale as ai_rationale,
        ${headline} as headline, m.text as matched_text, ${matched} as matched_on
      -- The page first, then the lookups for its rows only: with the lateral joins beside the filters,
      -- PostgreSQL may run them for every matching case before it sorts and cuts the page.
      from (
        select * from cases c
        where ${sql.join(conditions, sql` and `)}
        order by c.last_event_at desc, c.case_id desc
        limit ${q.limit + 1}
      ) c
      ${matchJoin}
      left join lateral (
        select e.id, e.type, e.action, e.occurred_at, e.body #>> '{decision,rationale}' as rationale from events e
        where e.workspace_id = c.workspace_id and e.case_id = c.case_id and e.actor_type = 'ai' and e.type in ('ai.proposal', 'action.executed')
        order by e.seq desc limit 1) ai on true
      order by c.last_event_at desc, c.case_id desc`),
  );

  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    cases: page.map((r) => ({
      caseId: r.case_id,
      journey: r.journey,
      channel: r.channel,
      customerRef: r.customer_ref,
      startedAt: iso(r.started_at),
      lastEventAt: iso(r.last_event_at),
      eventCount: Number(r.event_count),
      outcome: (r.outcome_status ?? "open") as OutcomeFilter,
      resolvedBy: r.resolved_by,
      aiEngaged: r.ai_engaged,
      handoffToHuman: r.handoff_to_human,
      reopenedCount: Number(r.reopened_count),
      actions: arrayOf(r.actions),
      aiProposed: arrayOf(r.ai_proposed),
      aiExecuted: arrayOf(r.ai_executed),
      aiVersions: arrayOf(r.ai_versions),
      matchedOn: r.matched_on,
      snippet: snippetParts(r.headline, r.matched_text) ?? plainSnippet(r.ai_rationale),
      latestAiDecision: r.ai_id ? { eventId: r.ai_id, type: r.ai_type!, action: r.ai_action, occurredAt: iso(r.ai_at!) } : null,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ t: last.cursor_at, c: last.case_id }) : null,
  };
}
