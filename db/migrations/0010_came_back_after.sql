ALTER TABLE "cases" ADD COLUMN "came_back_after" interval;--> statement-breakpoint
-- Backfill with the expression lib/projections/came-back.ts keeps current at ingest.
UPDATE "cases" c SET "came_back_after" = (
  SELECT min(next.at - r.at) FROM unnest(c.resolved_at) AS r(at)
  CROSS JOIN LATERAL (
    SELECT min(t.at) AS at FROM (
      SELECT o.at FROM unnest(c.reopened_at) AS o(at) WHERE o.at > r.at
      UNION ALL
      SELECT x.occurred_at FROM repeat_contacts x
      WHERE x.workspace_id = c.workspace_id AND x.customer_ref = c.customer_ref AND x.journey = c.journey AND x.occurred_at > r.at
    ) t
  ) next
) WHERE cardinality(c.resolved_at) > 0;
