-- The ledger, its checkpoints and the access log are append-only. These triggers stop bugs and
-- stolen application credentials; they are ENABLE ALWAYS so session_replication_role = replica does
-- not silence them. A superuser can still drop them: that is what the hash chain, the signed
-- checkpoints and their copies outside the database are for.
CREATE OR REPLACE FUNCTION warrant_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'warrant: % on % is refused: the table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION warrant_refuse_change();
--> statement-breakpoint
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION warrant_refuse_change();
--> statement-breakpoint
ALTER TABLE events ENABLE ALWAYS TRIGGER events_append_only;
--> statement-breakpoint
ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_truncate;
--> statement-breakpoint
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints FOR EACH ROW EXECUTE FUNCTION warrant_refuse_change();
--> statement-breakpoint
CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints FOR EACH STATEMENT EXECUTE FUNCTION warrant_refuse_change();
--> statement-breakpoint
ALTER TABLE checkpoints ENABLE ALWAYS TRIGGER checkpoints_append_only;
--> statement-breakpoint
ALTER TABLE checkpoints ENABLE ALWAYS TRIGGER checkpoints_no_truncate;
--> statement-breakpoint
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION warrant_refuse_change();
--> statement-breakpoint
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log FOR EACH STATEMENT EXECUTE FUNCTION warrant_refuse_change();
--> statement-breakpoint
ALTER TABLE access_log ENABLE ALWAYS TRIGGER access_log_append_only;
--> statement-breakpoint
ALTER TABLE access_log ENABLE ALWAYS TRIGGER access_log_no_truncate;
