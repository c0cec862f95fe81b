-- Run once as a superuser (or the schema owner) after `npx warrant migrate` has created the schema.
-- The application then connects as warrant_app, which can read everything it needs and append to the
-- ledger, but cannot UPDATE, DELETE or TRUNCATE the append-only tables, nor alter or drop triggers.
-- Replace the password, or use your platform's IAM authentication instead.
CREATE ROLE warrant_app LOGIN PASSWORD 'change-me';
GRANT USAGE ON SCHEMA public TO warrant_app;
GRANT USAGE ON SCHEMA drizzle TO warrant_app;
GRANT SELECT ON drizzle.__drizzle_migrations TO warrant_app;

-- Append-only tables: INSERT and SELECT, nothing else.
GRANT SELECT, INSERT ON events, checkpoints, access_log TO warrant_app;
GRANT USAGE ON SEQUENCE access_log_id_seq TO warrant_app;
-- Verification runs (the compliance page's "last verification"): append-only too.
GRANT SELECT, INSERT ON verifications TO warrant_app;
GRANT USAGE ON SEQUENCE verifications_id_seq TO warrant_app;
-- Decision-authority policy versions (a change, the kill switch included, appends one) and the recorded
-- authority checks: append-only too (migration 0004).
GRANT SELECT, INSERT ON policy_versions, authority_checks TO warrant_app;

-- Mutable state: the chain head (the append lock and Merkle frontier), keys, users, workspaces.
GRANT SELECT, INSERT, UPDATE ON chain_heads, api_keys, users, workspaces TO warrant_app;

-- Projections (lib/projections): derived from the ledger, updated at ingest, emptied and replayed by
-- `npx warrant rebuild`; so DELETE too, and only on them.
GRANT SELECT, INSERT, UPDATE, DELETE ON cases, daily_activity, ai_decisions, handoffs, repeat_contacts, event_search TO warrant_app;
-- The KPI rollups are kept by triggers on cases, ai_decisions and handoffs, which run as the writer; a
-- rebuild's deletes take the rows' counts back out, so they are never deleted themselves.
GRANT SELECT, INSERT, UPDATE ON case_rollups, decision_rollups, band_rollups, handoff_rollups TO warrant_app;

-- Nothing else is ever granted DELETE, and nothing TRUNCATE. Migrations run as the owner role, not as warrant_app:
-- start the app with WARRANT_SKIP_MIGRATIONS=1 (or let the owner run `npx warrant migrate` first).
