-- The rollup folds were SQL-language functions called from the statement triggers' PL/pgSQL. Called
-- that way a SQL function is not inlined, and its body (an INSERT … ON CONFLICT with twenty-odd
-- filtered aggregates) was parsed, analysed and planned again on every call: 4.5 ms of an 8.8 ms
-- projection statement for eight cases, twice per UPDATE (old rows out, new rows in), and 1.5 ms even
-- for a statement that changed no row. As PL/pgSQL the body's plan is kept by the session; the fold
-- runs on an array whose shape never changes, so its generic plan is used at once (the append's
-- transaction asks for custom plans of its own statements). A fold of no rows returns at once; the
-- trigger functions of 0011 stay as they are. Same statements, same counts (lib/metrics/sql.test.ts
-- holds them to the reference implementation).
--> statement-breakpoint
CREATE OR REPLACE FUNCTION case_rollups_fold(changed cases[], direction integer) RETURNS void LANGUAGE plpgsql
  SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  -- A statement that changed no row folds nothing (the triggers fire once per statement).
  IF cardinality(changed) = 0 THEN
    RETURN;
  END IF;
  insert into case_rollups as r (workspace_id, day, journey, channel, ai_version, cases, ai_engaged, contained, escalated, esc_customer_requested, esc_low_confidence, esc_policy_required, esc_error, esc_other, engaged_closed, ai_resolved_holding, contained_closed, hollow, first_contact_closed, first_contact_resolved, resolved, came_back, confirmed, csat_ai_good, csat_ai_answered, csat_human_good, csat_human_answered)
  select c.workspace_id,
    (c.started_at at time zone 'UTC')::date,
    c.journey,
    c.channel,
    coalesce(c.ai_version, ''),
    direction * count(*),
    direction * count(*) filter (where c.ai_engaged),
    direction * count(*) filter (where c.ai_engaged and c.escalation_reason is null),
    direction * count(*) filter (where c.ai_engaged and c.escalation_reason is not null),
    direction * count(*) filter (where c.ai_engaged and c.escalation_reason = 'customer_requested'),
    direction * count(*) filter (where c.ai_engaged and c.escalation_reason = 'low_confidence'),
    direction * count(*) filter (where c.ai_engaged and c.escalation_reason = 'policy_required'),
    direction * count(*) filter (where c.ai_engaged and c.escalation_reason = 'error'),
    direction * count(*) filter (where c.ai_engaged and c.escalation_reason = 'other'),
    direction * count(*) filter (where c.ai_engaged and c.outcome_status is not null),
    direction * count(*) filter (where c.ai_engaged and c.outcome_status = 'resolved' and not coalesce(c.outcome_status = 'resolved' and c.came_back_after <= (7 * interval '24 hours'), false) and c.resolved_by = 'ai'),
    direction * count(*) filter (where c.ai_engaged and c.escalation_reason is null and c.outcome_status is not null),
    direction * count(*) filter (where c.ai_engaged and c.escalation_reason is null and c.outcome_status is not null
      and not (c.outcome_status = 'resolved' and not coalesce(c.outcome_status = 'resolved' and c.came_back_after <= (7 * interval '24 hours'), false))),
    direction * count(*) filter (where c.contact = 1 and c.outcome_status is not null),
    direction * count(*) filter (where c.contact = 1 and c.outcome_status = 'resolved' and not coalesce(c.outcome_status = 'resolved' and c.came_back_after <= (7 * interval '24 hours'), false)
      and not coalesce(c.outcome_status is not null and c.reopened_at[1] <= c.outcome_at + (7 * interval '24 hours'), false)),
    direction * count(*) filter (where c.outcome_status = 'resolved'),
    direction * count(*) filter (where coalesce(c.outcome_status = 'resolved' and c.came_back_after <= (7 * interval '24 hours'), false)),
    direction * count(*) filter (where c.outcome_status = 'resolved' and c.attested_by in ('customer', 'agent')),
    direction * coalesce(sum(c.csat_good) filter (where c.outcome_status = 'resolved' and c.resolved_by = 'ai'), 0),
    direction * coalesce(sum(c.csat_answered) filter (where c.outcome_status = 'resolved' and c.resolved_by = 'ai'), 0),
    direction * coalesce(sum(c.csat_good) filter (where c.outcome_status = 'resolved' and c.resolved_by in ('human', 'hybrid')), 0),
    direction * coalesce(sum(c.csat_answered) filter (where c.outcome_status = 'resolved' and c.resolved_by in ('human', 'hybrid')), 0)
  from unnest(changed) c
  group by 1, 2, 3, 4, 5
  on conflict (workspace_id, day, journey, channel, ai_version) do update set
    cases = r.cases + excluded.cases,
    ai_engaged = r.ai_engaged + excluded.ai_engaged,
    contained = r.contained + excluded.contained,
    escalated = r.escalated + excluded.escalated,
    esc_customer_requested = r.esc_customer_requested + excluded.esc_customer_requested,
    esc_low_confidence = r.esc_low_confidence + excluded.esc_low_confidence,
    esc_policy_required = r.esc_policy_required + excluded.esc_policy_required,
    esc_error = r.esc_error + excluded.esc_error,
    esc_other = r.esc_other + excluded.esc_other,
    engaged_closed = r.engaged_closed + excluded.engaged_closed,
    ai_resolved_holding = r.ai_resolved_holding + excluded.ai_resolved_holding,
    contained_closed = r.contained_closed + excluded.contained_closed,
    hollow = r.hollow + excluded.hollow,
    first_contact_closed = r.first_contact_closed + excluded.first_contact_closed,
    first_contact_resolved = r.first_contact_resolved + excluded.first_contact_resolved,
    resolved = r.resolved + excluded.resolved,
    came_back = r.came_back + excluded.came_back,
    confirmed = r.confirmed + excluded.confirmed,
    csat_ai_good = r.csat_ai_good + excluded.csat_ai_good,
    csat_ai_answered = r.csat_ai_answered + excluded.csat_ai_answered,
    csat_human_good = r.csat_human_good + excluded.csat_human_good,
    csat_human_answered = r.csat_human_answered + excluded.csat_human_answered;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION decision_rollups_fold(changed ai_decisions[], direction integer) RETURNS void LANGUAGE plpgsql
  SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  -- A statement that changed no row folds nothing (the triggers fire once per statement).
  IF cardinality(changed) = 0 THEN
    RETURN;
  END IF;
  insert into decision_rollups as r (workspace_id, day, journey, channel, ai_version, action, currency, decisions, decided, approved, edited, rejected, open_to_review, overridden, reviewed, executed, reversed, breached, autonomy_assist, autonomy_approve, autonomy_supervised, autonomy_autonomous, priced, amount_total, amount_reversed)
  select d.workspace_id,
    (d.occurred_at at time zone 'UTC')::date,
    d.journey,
    d.channel,
    coalesce(d.ai_version, ''),
    d.action,
    coalesce(d.currency, ''),
    direction * count(*),
    direction * count(*) filter (where d.kind = 'proposal' and d.approval is not null),
    direction * count(*) filter (where d.kind = 'proposal' and d.approval = 'approved'),
    direction * count(*) filter (where d.kind = 'proposal' and d.approval = 'edited'),
    direction * count(*) filter (where d.kind = 'proposal' and d.approval = 'rejected'),
    direction * count(*) filter (where ((d.kind = 'proposal' and d.approval is not null) or (d.kind = 'action' and d.autonomy in ('supervised', 'autonomous')))),
    direction * count(*) filter (where ((d.kind = 'proposal' and d.approval is not null) or (d.kind = 'action' and d.autonomy in ('supervised', 'autonomous'))) and (coalesce(d.approval in ('rejected', 'edited'), false) or d.overridden)),
    direction * count(d.review_seconds),
    direction * count(*) filter (where d.kind = 'action'),
    direction * count(*) filter (where d.kind = 'action' and d.reversed),
    direction * count(*) filter (where d.kind = 'action' and d.policy_check = 'breach'),
    direction * count(*) filter (where d.kind = 'action' and d.autonomy = 'assist'),
    direction * count(*) filter (where d.kind = 'action' and d.autonomy = 'approve'),
    direction * count(*) filter (where d.kind = 'action' and d.autonomy = 'supervised'),
    direction * count(*) filter (where d.kind = 'action' and d.autonomy = 'autonomous'),
    direction * count(*) filter (where d.kind = 'action' and d.amount is not null),
    direction * coalesce(sum(d.amount) filter (where d.kind = 'action'), 0),
    direction * coalesce(sum(d.amount) filter (where d.kind = 'action' and d.reversed), 0)
  from unnest(changed) d
  group by 1, 2, 3, 4, 5, 6, 7
  on conflict (workspace_id, day, journey, channel, ai_version, action, currency) do update set
    decisions = r.decisions + excluded.decisions,
    decided = r.decided + excluded.decided,
    approved = r.approved + excluded.approved,
    edited = r.edited + excluded.edited,
    rejected = r.rejected + excluded.rejected,
    open_to_review = r.open_to_review + excluded.open_to_review,
    overridden = r.overridden + excluded.overridden,
    reviewed = r.reviewed + excluded.reviewed,
    executed = r.executed + excluded.executed,
    reversed = r.reversed + excluded.reversed,
    breached = r.breached + excluded.breached,
    autonomy_assist = r.autonomy_assist + excluded.autonomy_assist,
    autonomy_approve = r.autonomy_approve + excluded.autonomy_approve,
    autonomy_supervised = r.autonomy_supervised + excluded.autonomy_supervised,
    autonomy_autonomous = r.autonomy_autonomous + excluded.autonomy_autonomous,
    priced = r.priced + excluded.priced,
    amount_total = r.amount_total + excluded.amount_total,
    amount_reversed = r.amount_reversed + excluded.amount_reversed;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION band_rollups_fold(changed ai_decisions[], direction integer) RETURNS void LANGUAGE plpgsql
  SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  -- A statement that changed no row folds nothing (the triggers fire once per statement).
  IF cardinality(changed) = 0 THEN
    RETURN;
  END IF;
  insert into band_rollups as r (workspace_id, day, journey, channel, ai_version, action, band, count, correct, confidence_sum)
  select d.workspace_id,
    (d.occurred_at at time zone 'UTC')::date,
    d.journey,
    d.channel,
    coalesce(d.ai_version, ''),
    d.action,
    least(floor(d.confidence * 10), 9)::int,
    direction * count(*),
    direction * count(*) filter (where not (coalesce(d.approval in ('rejected', 'edited'), false) or d.overridden) and not d.reversed_any),
    direction * sum(d.confidence::numeric)
  from unnest(changed) d
  where ((d.kind = 'proposal' and d.approval is not null) or (d.kind = 'action' and d.autonomy in ('supervised', 'autonomous'))) and d.confidence is not null
  group by 1, 2, 3, 4, 5, 6, 7
  on conflict (workspace_id, day, journey, channel, ai_version, action, band) do update set
    count = r.count + excluded.count,
    correct = r.correct + excluded.correct,
    confidence_sum = r.confidence_sum + excluded.confidence_sum;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION handoff_rollups_fold(changed handoffs[], direction integer) RETURNS void LANGUAGE plpgsql
  SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  -- A statement that changed no row folds nothing (the triggers fire once per statement).
  IF cardinality(changed) = 0 THEN
    RETURN;
  END IF;
  insert into handoff_rollups as r (workspace_id, day, journey, channel, ai_version, reason, to_human, with_context)
  select h.workspace_id,
    (h.occurred_at at time zone 'UTC')::date,
    h.journey,
    h.channel,
    coalesce(h.ai_version, ''),
    h.reason,
    direction * count(*),
    direction * count(*) filter (where h.context_transferred)
  from unnest(changed) h
  where h.from_party = 'ai' and h.to_party = 'human'
  group by 1, 2, 3, 4, 5, 6
  on conflict (workspace_id, day, journey, channel, ai_version, reason) do update set
    to_human = r.to_human + excluded.to_human,
    with_context = r.with_context + excluded.with_context;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ai_decision_rollups_fold(changed ai_decisions[], direction integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM decision_rollups_fold(changed, direction);
  PERFORM band_rollups_fold(changed, direction);
END $$;