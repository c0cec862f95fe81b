CREATE TABLE "verifications" (
	"workspace_id" text NOT NULL,
	"id" bigserial NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"via" text NOT NULL,
	"ok" boolean NOT NULL,
	"checked" bigint NOT NULL,
	"head_seq" bigint NOT NULL,
	"head_hash" text NOT NULL,
	"checkpoints_verified" integer NOT NULL,
	"first_bad_seq" bigint,
	"kind" text,
	"reason" text,
	"warnings" text[] NOT NULL,
	CONSTRAINT "verifications_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "verifications_workspace_finished" ON "verifications" USING btree ("workspace_id","finished_at");--> statement-breakpoint
-- Verification runs are facts an auditor may ask for: append-only like the ledger (0001_immutability's function).
CREATE TRIGGER verifications_append_only BEFORE UPDATE OR DELETE ON verifications FOR EACH ROW EXECUTE FUNCTION warrant_refuse_change();
--> statement-breakpoint
CREATE TRIGGER verifications_no_truncate BEFORE TRUNCATE ON verifications FOR EACH STATEMENT EXECUTE FUNCTION warrant_refuse_change();
--> statement-breakpoint
ALTER TABLE verifications ENABLE ALWAYS TRIGGER verifications_append_only;
--> statement-breakpoint
ALTER TABLE verifications ENABLE ALWAYS TRIGGER verifications_no_truncate;
