-- Case search also matches the references an event names: its action's target (an order) and its
-- evidence's refs (a parcel's tracking number); see EVENT_SEARCH_DOCUMENT in db/schema.ts, of which this
-- is a copy as of this migration. An event without references keeps the document migration 0009 gave
-- it, so only the events that name one are (re)computed: those that had a rationale or a reason get
-- their new document, the others (a person's action on an order, say) their first.
INSERT INTO "event_search" ("workspace_id", "seq", "case_id", "document")
SELECT "workspace_id", "seq", "case_id", to_tsvector('english'::regconfig, concat_ws(' ', body #>> '{decision,rationale}', body ->> 'reason', concat_ws(' ', body #>> '{action,target,ref}', jsonb_path_query_array(body, '$.decision.evidence[*].ref')::text), translate(concat_ws(' ', body #>> '{action,target,ref}', jsonb_path_query_array(body, '$.decision.evidence[*].ref')::text), '/#', '  ')))
FROM "events"
WHERE body #>> '{action,target,ref}' IS NOT NULL OR jsonb_path_exists(body, '$.decision.evidence[*].ref')
ON CONFLICT ("workspace_id", "seq") DO UPDATE SET "document" = excluded."document";
