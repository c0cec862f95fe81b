// The `ai_decisions` projection: one row per AI proposal and AI-executed action, with everything that
// happened to it since. A decision's row is recomputed in SQL from the ledger whenever the decision
// itself, a reaction to it (approval, override, reversal), one of its executions or a reaction to one
// of those is appended, so the row never depends on the order events arrive in. The rules mirror
// lib/metrics/reference-actions.ts (docs/metrics.md): a proposal's latest decision by (occurred_at,
// seq); overrides and reversals of its executions count against it.
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { PolicyCheck } from "@/lib/metrics/types";

export interface PolicyVerdict {
  id: string;
  check: PolicyCheck;
  /** The policy version that judged the action, when one was in force. */
  version: number | null;
}

/**
 * The ids whose decision rows to recompute. `decisions` are known to be decisions or not from the
 * events in hand (the appended events themselves, whose type is known). `answered` are ids the
 * appended events answer (their parentId): each may be a decision, or an execution whose proposal's
 * row counts its overrides and reversals, so the statement also looks up each one's parent. Only those
 * need the look-up: for most appends (new actions and proposals) the list is empty.
 */
export interface TouchedDecisions {
  decisions: string[];
  answered: string[];
}

/**
 * Recomputes the touched decisions — and the proposals whose executions are among the answered ids —
 * from the ledger. `verdicts` are the policy checks of actions appended now; a recomputed row keeps the
 * verdict it was given when its action was appended.
 */
export async function projectDecisions(tx: Executor, workspaceId: string, touched: TouchedDecisions, verdicts: PolicyVerdict[]): Promise<void> {
  if (touched.decisions.length === 0 && touched.answered.length === 0) return;
  await tx.execute(sql`
    -- Each id is looked up by its (workspace_id, id) key, one LATERAL probe each ("limit 1" keeps the
    -- planner from flattening it into a join; the key is unique). Written as "id in (…)", the planner,
    -- without statistics on a young table or a new month's partition (or on PGlite, which never gathers
    -- any), scanned every event of the workspace instead: 450 ms per 1,000 events after only 10,000,
    -- and growing with the ledger.
    with answered as (
      select value::uuid as id from json_array_elements_text(${JSON.stringify(touched.answered)}::json)
    ),
    candidates as (
      select value::uuid as id from json_array_elements_text(${JSON.stringify(touched.decisions)}::json)
      union
      select id from answered
      union
      select e.parent_id from answered g
      cross join lateral (select e.parent_id, e.type from events e where e.workspace_id = ${workspaceId} and e.id = g.id limit 1) e
      where e.type = 'action.executed' and e.parent_id is not null
    ),
    -- Only the columns the row is made of: the CTE is kept in memory, and a whole ledger row is 1.2 KB.
    d as (
      select e.* from candidates c
      cross join lateral (
        select e.workspace_id, e.id, e.seq, e.case_id, e.type, e.occurred_at, e.journey, e.channel, e.ai_version, e.action,
          e.autonomy, e.confidence, e.amount, e.currency
        from events e where e.workspace_id = ${workspaceId} and e.id = c.id
          and (e.type = 'ai.proposal' or (e.type = 'action.executed' and e.actor_type = 'ai'))
        limit 1
      ) e
    ),
    -- Children are probed by (workspace_id, parent_id) per decision; "offset 0" keeps the planner from
    -- turning the probe into a hash join over a scan of the workspace's events, for the same reason.
    members as (
      select d.id as decision, d.id as member from d
      union all
      select d.id, x.id from d
      cross join lateral (
        select x.id from events x
        where x.workspace_id = ${workspaceId} and x.parent_id = d.id and x.type = 'action.executed' offset 0
      ) x
      where d.type = 'ai.proposal'
    ),
    reactions as (
      select m.decision, m.member = m.decision as direct, r.type, r.occurred_at, r.seq, r.outcome, r.body
      from members m
      cross join lateral (
        select r.type, r.occurred_at, r.seq, r.outcome, r.body from events r
        where r.workspace_id = ${workspaceId} and r.parent_id = m.member
          and r.type in ('approval.decided', 'action.overridden', 'action.reversed') offset 0
      ) r
    ),
    latest as (
      select distinct on (decision) decision, outcome, occurred_at, (body->>'latencyMs')::float8 as latency_ms, body->>'reason' as reason
      from reactions where direct and type = 'approval.decided'
      order by decision, occurred_at desc, seq desc
    ),
    agg as (
      select decision,
        bool_or(type = 'action.overridden') as overridden,
        bool_or(direct and type = 'action.reversed') as reversed,
        bool_or(type = 'action.reversed') as reversed_any,
        (array_agg(body->>'reason' order by occurred_at, seq) filter (where type = 'action.overridden'))[1] as override_reason
      from reactions group by decision
    ),
    verdicts as (
      select * from json_to_recordset(${JSON.stringify(verdicts)}::json) as v(id uuid, "check" text, version integer)
    )
    insert into ai_decisions (workspace_id, event_id, seq, case_id, kind, occurred_at, journey, channel, ai_version, action,
      autonomy, confidence, amount, currency, approval, approval_at, review_seconds, overridden, reversed, reversed_any,
      disagreement_reason, policy_check, policy_version)
    select d.workspace_id, d.id, d.seq, d.case_id,
      case when d.type = 'ai.proposal' then 'proposal' else 'action' end,
      d.occurred_at, d.journey, d.channel, d.ai_version, d.action, d.autonomy, d.confidence, d.amount, d.currency,
      case when d.type = 'ai.proposal' then l.outcome end,
      case when d.type = 'ai.proposal' then l.occurred_at end,
      case when d.type = 'ai.proposal' and l.outcome <> 'expired'
        then coalesce(l.latency_ms / 1000, greatest(0::float8, extract(epoch from l.occurred_at - d.occurred_at)::float8)) end,
      coalesce(a.overridden, false),
      d.type = 'action.executed' and coalesce(a.reversed, false),
      coalesce(a.reversed_any, false),
      case when d.type = 'ai.proposal' and l.outcome in ('rejected', 'edited') then coalesce(l.reason, a.override_reason) else a.override_reason end,
      v."check", v.version
    from d
    left join latest l on l.decision = d.id
    left join agg a on a.decision = d.id
    left join verdicts v on v.id = d.id
    on conflict (workspace_id, event_id) do update set
      approval = excluded.approval, approval_at = excluded.approval_at, review_seconds = excluded.review_seconds,
      overridden = excluded.overridden, reversed = excluded.reversed, reversed_any = excluded.reversed_any,
      disagreement_reason = excluded.disagreement_reason,
      policy_check = coalesce(excluded.policy_check, ai_decisions.policy_check),
      policy_version = case when excluded.policy_check is null then ai_decisions.policy_version else excluded.policy_version end`);
}
