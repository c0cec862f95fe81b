-- Decision-authority policy versions and authority checks are append-only, like the ledger: a policy
-- change (the kill switch included) appends a version, and a recorded question and answer is never
-- rewritten. Same function as 0001_immutability; ENABLE ALWAYS so replica mode does not silence them.
CREATE TRIGGER policy_versions_append_only BEFORE UPDATE OR DELETE ON policy_versions FOR EACH ROW EXECUTE FUNCTION warrant_refuse_change();
--> statement-breakpoint
CREATE TRIGGER policy_versions_no_truncate BEFORE TRUNCATE ON policy_versions FOR EACH STATEMENT EXECUTE FUNCTION warrant_refuse_change();
--> statement-breakpoint
ALTER TABLE policy_versions ENABLE ALWAYS TRIGGER policy_versions_append_only;
--> statement-breakpoint
ALTER TABLE policy_versions ENABLE ALWAYS TRIGGER policy_versions_no_truncate;
--> statement-breakpoint
CREATE TRIGGER authority_checks_append_only BEFORE UPDATE OR DELETE ON authority_checks FOR EACH ROW EXECUTE FUNCTION warrant_refuse_change();
--> statement-breakpoint
CREATE TRIGGER authority_checks_no_truncate BEFORE TRUNCATE ON authority_checks FOR EACH STATEMENT EXECUTE FUNCTION warrant_refuse_change();
--> statement-breakpoint
ALTER TABLE authority_checks ENABLE ALWAYS TRIGGER authority_checks_append_only;
--> statement-breakpoint
ALTER TABLE authority_checks ENABLE ALWAYS TRIGGER authority_checks_no_truncate;
