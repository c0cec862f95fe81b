CREATE TABLE "band_rollups" (
	"workspace_id" text NOT NULL,
	"day" date NOT NULL,
	"journey" text NOT NULL,
	"channel" text NOT NULL,
	"ai_version" text NOT NULL,
	"action" text NOT NULL,
	"band" integer NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"correct" integer DEFAULT 0 NOT NULL,
	"confidence_sum" numeric DEFAULT '0' NOT NULL,
	CONSTRAINT "band_rollups_pk" PRIMARY KEY("workspace_id","day","journey","channel","ai_version","action","band")
);
--> statement-breakpoint
CREATE TABLE "case_rollups" (
	"workspace_id" text NOT NULL,
	"day" date NOT NULL,
	"journey" text NOT NULL,
	"channel" text NOT NULL,
	"ai_version" text NOT NULL,
	"cases" integer DEFAULT 0 NOT NULL,
	"ai_engaged" integer DEFAULT 0 NOT NULL,
	"contained" integer DEFAULT 0 NOT NULL,
	"escalated" integer DEFAULT 0 NOT NULL,
	"esc_customer_requested" integer DEFAULT 0 NOT NULL,
	"esc_low_confidence" integer DEFAULT 0 NOT NULL,
	"esc_policy_required" integer DEFAULT 0 NOT NULL,
	"esc_error" integer DEFAULT 0 NOT NULL,
	"esc_other" integer DEFAULT 0 NOT NULL,
	"engaged_closed" integer DEFAULT 0 NOT NULL,
	"ai_resolved_holding" integer DEFAULT 0 NOT NULL,
	"contained_closed" integer DEFAULT 0 NOT NULL,
	"hollow" integer DEFAULT 0 NOT NULL,
	"first_contact_closed" integer DEFAULT 0 NOT NULL,
	"first_contact_resolved" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"came_back" integer DEFAULT 0 NOT NULL,
	"confirmed" integer DEFAULT 0 NOT NULL,
	"csat_ai_good" integer DEFAULT 0 NOT NULL,
	"csat_ai_answered" integer DEFAULT 0 NOT NULL,
	"csat_human_good" integer DEFAULT 0 NOT NULL,
	"csat_human_answered" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "case_rollups_pk" PRIMARY KEY("workspace_id","day","journey","channel","ai_version")
);
--> statement-breakpoint
CREATE TABLE "decision_rollups" (
	"workspace_id" text NOT NULL,
	"day" date NOT NULL,
	"journey" text NOT NULL,
	"channel" text NOT NULL,
	"ai_version" text NOT NULL,
	"action" text NOT NULL,
	"currency" text NOT NULL,
	"decisions" integer DEFAULT 0 NOT NULL,
	"decided" integer DEFAULT 0 NOT NULL,
	"approved" integer DEFAULT 0 NOT NULL,
	"edited" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"open_to_review" integer DEFAULT 0 NOT NULL,
	"overridden" integer DEFAULT 0 NOT NULL,
	"reviewed" integer DEFAULT 0 NOT NULL,
	"executed" integer DEFAULT 0 NOT NULL,
	"reversed" integer DEFAULT 0 NOT NULL,
	"breached" integer DEFAULT 0 NOT NULL,
	"autonomy_assist" integer DEFAULT 0 NOT NULL,
	"autonomy_approve" integer DEFAULT 0 NOT NULL,
	"autonomy_supervised" integer DEFAULT 0 NOT NULL,
	"autonomy_autonomous" integer DEFAULT 0 NOT NULL,
	"priced" integer DEFAULT 0 NOT NULL,
	"amount_total" numeric DEFAULT '0' NOT NULL,
	"amount_reversed" numeric DEFAULT '0' NOT NULL,
	CONSTRAINT "decision_rollups_pk" PRIMARY KEY("workspace_id","day","journey","channel","ai_version","action","currency")
);
--> statement-breakpoint
CREATE TABLE "handoff_rollups" (
	"workspace_id" text NOT NULL,
	"day" date NOT NULL,
	"journey" text NOT NULL,
	"channel" text NOT NULL,
	"ai_version" text NOT NULL,
	"reason" text NOT NULL,
	"to_human" integer DEFAULT 0 NOT NULL,
	"with_context" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "handoff_rollups_pk" PRIMARY KEY("workspace_id","day","journey","channel","ai_version","reason")
);
--> statement-breakpoint
-- What the rollups cannot sum, read from the rows through partial, covering indexes: the percentiles of
-- time to resolution and review time (index-only scans of just the rows they rank), and the dashboards'
-- short lists (pending approvals, recent breaches, the reasons humans disagreed), each a small slice of
-- the decisions that a range scan of the whole time index would otherwise filter out row by row.
CREATE INDEX "cases_resolution_times" ON "cases" ("workspace_id", "started_at") INCLUDE ("outcome_at", "journey", "channel", "ai_version")
  WHERE outcome_status = 'resolved';
--> statement-breakpoint
CREATE INDEX "ai_decisions_review_times" ON "ai_decisions" ("workspace_id", "occurred_at")
  INCLUDE ("review_seconds", "journey", "channel", "ai_version", "action") WHERE review_seconds IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "ai_decisions_pending" ON "ai_decisions" ("workspace_id", "occurred_at") WHERE kind = 'proposal' AND approval IS NULL;
--> statement-breakpoint
CREATE INDEX "ai_decisions_breaches" ON "ai_decisions" ("workspace_id", "occurred_at") WHERE kind = 'action' AND policy_check = 'breach';
--> statement-breakpoint
CREATE INDEX "ai_decisions_disagreements" ON "ai_decisions" ("workspace_id", "occurred_at") INCLUDE ("disagreement_reason")
  WHERE ((kind = 'proposal' AND approval IS NOT NULL) OR (kind = 'action' AND autonomy IN ('supervised', 'autonomous')))
    AND (coalesce(approval IN ('rejected', 'edited'), false) OR overridden);
--> statement-breakpoint
-- The rollups are kept by statement-level triggers on the projections they summarise: each statement
-- that writes cases, AI decisions or handoffs takes its old rows' counts out and puts its new rows' in
-- (transition tables), whatever wrote them — ingest, a late reaction, came_back_after, a rebuild. The
-- counts are exactly those of lib/metrics/sql-cases.ts and sql-actions.ts over the rows, with the
-- "came back" window fixed at the default 7 days (DEFAULT_CAME_BACK_WINDOW_DAYS); the property tests
-- hold both to the reference implementation (lib/metrics/sql.test.ts).
CREATE FUNCTION case_rollups_fold(changed cases[], direction integer) RETURNS void LANGUAGE sql AS $$
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
    csat_human_answered = r.csat_human_answered + excluded.csat_human_answered
$$;
--> statement-breakpoint
CREATE FUNCTION decision_rollups_fold(changed ai_decisions[], direction integer) RETURNS void LANGUAGE sql AS $$
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
    amount_reversed = r.amount_reversed + excluded.amount_reversed
$$;
--> statement-breakpoint
CREATE FUNCTION band_rollups_fold(changed ai_decisions[], direction integer) RETURNS void LANGUAGE sql AS $$
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
    confidence_sum = r.confidence_sum + excluded.confidence_sum
$$;
--> statement-breakpoint
CREATE FUNCTION handoff_rollups_fold(changed handoffs[], direction integer) RETURNS void LANGUAGE sql AS $$
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
    with_context = r.with_context + excluded.with_context
$$;
--> statement-breakpoint
-- A decision feeds two rollups; one function per trigger event keeps them in step.
CREATE FUNCTION ai_decision_rollups_fold(changed ai_decisions[], direction integer) RETURNS void LANGUAGE sql AS $$
  select decision_rollups_fold(changed, direction);
  select band_rollups_fold(changed, direction);
$$;
--> statement-breakpoint
CREATE FUNCTION case_rollups_fold_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM case_rollups_fold(array(select n::cases from new_rows n), 1);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION case_rollups_fold_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM case_rollups_fold(array(select o::cases from old_rows o), -1);
  PERFORM case_rollups_fold(array(select n::cases from new_rows n), 1);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION case_rollups_fold_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM case_rollups_fold(array(select o::cases from old_rows o), -1);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER case_rollups_fold_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION case_rollups_fold_on_insert();
--> statement-breakpoint
CREATE TRIGGER case_rollups_fold_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION case_rollups_fold_on_update();
--> statement-breakpoint
CREATE TRIGGER case_rollups_fold_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION case_rollups_fold_on_delete();
--> statement-breakpoint
CREATE FUNCTION ai_decision_rollups_fold_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ai_decision_rollups_fold(array(select n::ai_decisions from new_rows n), 1);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION ai_decision_rollups_fold_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ai_decision_rollups_fold(array(select o::ai_decisions from old_rows o), -1);
  PERFORM ai_decision_rollups_fold(array(select n::ai_decisions from new_rows n), 1);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION ai_decision_rollups_fold_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ai_decision_rollups_fold(array(select o::ai_decisions from old_rows o), -1);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ai_decision_rollups_fold_insert AFTER INSERT ON ai_decisions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ai_decision_rollups_fold_on_insert();
--> statement-breakpoint
CREATE TRIGGER ai_decision_rollups_fold_update AFTER UPDATE ON ai_decisions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ai_decision_rollups_fold_on_update();
--> statement-breakpoint
CREATE TRIGGER ai_decision_rollups_fold_delete AFTER DELETE ON ai_decisions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ai_decision_rollups_fold_on_delete();
--> statement-breakpoint
CREATE FUNCTION handoff_rollups_fold_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM handoff_rollups_fold(array(select n::handoffs from new_rows n), 1);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION handoff_rollups_fold_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM handoff_rollups_fold(array(select o::handoffs from old_rows o), -1);
  PERFORM handoff_rollups_fold(array(select n::handoffs from new_rows n), 1);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION handoff_rollups_fold_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM handoff_rollups_fold(array(select o::handoffs from old_rows o), -1);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER handoff_rollups_fold_insert AFTER INSERT ON handoffs REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION handoff_rollups_fold_on_insert();
--> statement-breakpoint
CREATE TRIGGER handoff_rollups_fold_update AFTER UPDATE ON handoffs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION handoff_rollups_fold_on_update();
--> statement-breakpoint
CREATE TRIGGER handoff_rollups_fold_delete AFTER DELETE ON handoffs REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION handoff_rollups_fold_on_delete();
--> statement-breakpoint
-- Backfill from the projections as they stand.
SELECT case_rollups_fold(array(select x from cases x), 1);
--> statement-breakpoint
SELECT ai_decision_rollups_fold(array(select x from ai_decisions x), 1);
--> statement-breakpoint
SELECT handoff_rollups_fold(array(select x from handoffs x), 1);
