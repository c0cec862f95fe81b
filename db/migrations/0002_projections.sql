CREATE TABLE "cases" (
	"workspace_id" text NOT NULL,
	"case_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"start_seq" bigint NOT NULL,
	"journey" text NOT NULL,
	"channel" text NOT NULL,
	"customer_ref" text,
	"contact" integer,
	"ai_engaged" boolean DEFAULT false NOT NULL,
	"handoff_to_human" boolean DEFAULT false NOT NULL,
	"outcome_status" text,
	"outcome_at" timestamp with time zone,
	"outcome_seq" bigint,
	"resolved_by" text,
	"attested_by" text,
	"reopened_count" integer DEFAULT 0 NOT NULL,
	"ai_versions" text[] NOT NULL,
	"actions" text[] NOT NULL,
	"event_count" integer NOT NULL,
	"last_event_at" timestamp with time zone NOT NULL,
	"last_seq" bigint NOT NULL,
	CONSTRAINT "cases_workspace_id_case_id_pk" PRIMARY KEY("workspace_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "daily_activity" (
	"workspace_id" text NOT NULL,
	"day" date NOT NULL,
	"journey" text NOT NULL,
	"channel" text NOT NULL,
	"type" text NOT NULL,
	"actor_type" text NOT NULL,
	"ai_version" text DEFAULT '' NOT NULL,
	"action" text DEFAULT '' NOT NULL,
	"autonomy" text DEFAULT '' NOT NULL,
	"events" integer NOT NULL,
	CONSTRAINT "daily_activity_pk" PRIMARY KEY("workspace_id","day","journey","channel","type","actor_type","ai_version","action","autonomy")
);
--> statement-breakpoint
CREATE INDEX "cases_workspace_started" ON "cases" USING btree ("workspace_id","started_at");--> statement-breakpoint
CREATE INDEX "cases_workspace_customer" ON "cases" USING btree ("workspace_id","customer_ref","journey");--> statement-breakpoint
CREATE INDEX "cases_workspace_last_event" ON "cases" USING btree ("workspace_id","last_event_at");