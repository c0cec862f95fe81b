CREATE TABLE "ai_decisions" (
	"workspace_id" text NOT NULL,
	"event_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"case_id" text NOT NULL,
	"kind" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"journey" text NOT NULL,
	"channel" text NOT NULL,
	"ai_version" text,
	"action" text NOT NULL,
	"autonomy" text,
	"confidence" double precision,
	"amount" numeric,
	"currency" text,
	"approval" text,
	"approval_at" timestamp with time zone,
	"review_seconds" double precision,
	"overridden" boolean NOT NULL,
	"reversed" boolean NOT NULL,
	"reversed_any" boolean NOT NULL,
	"disagreement_reason" text,
	"policy_check" text,
	"policy_version" integer,
	CONSTRAINT "ai_decisions_workspace_id_event_id_pk" PRIMARY KEY("workspace_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "handoffs" (
	"workspace_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"event_id" uuid NOT NULL,
	"case_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"journey" text NOT NULL,
	"channel" text NOT NULL,
	"actor_type" text NOT NULL,
	"ai_version" text,
	"from_party" text NOT NULL,
	"to_party" text NOT NULL,
	"reason" text NOT NULL,
	"context_transferred" boolean NOT NULL,
	CONSTRAINT "handoffs_workspace_id_seq_pk" PRIMARY KEY("workspace_id","seq")
);
--> statement-breakpoint
CREATE TABLE "repeat_contacts" (
	"workspace_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"case_id" text NOT NULL,
	"customer_ref" text NOT NULL,
	"journey" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "repeat_contacts_workspace_id_seq_pk" PRIMARY KEY("workspace_id","seq")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "ai_version" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "escalation_reason" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "resolved_at" timestamp with time zone[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "reopened_at" timestamp with time zone[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "csat_answered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "csat_good" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "ai_decisions_workspace_occurred" ON "ai_decisions" USING btree ("workspace_id","occurred_at");--> statement-breakpoint
CREATE INDEX "handoffs_workspace_occurred" ON "handoffs" USING btree ("workspace_id","occurred_at");--> statement-breakpoint
CREATE INDEX "repeat_contacts_customer" ON "repeat_contacts" USING btree ("workspace_id","customer_ref","journey","occurred_at");