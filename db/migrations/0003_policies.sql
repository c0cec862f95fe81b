CREATE TABLE "authority_checks" (
	"workspace_id" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"asked_by" text NOT NULL,
	"action" text NOT NULL,
	"journey" text,
	"amount" numeric,
	"currency" text,
	"confidence" double precision,
	"requested_autonomy" text,
	"allowed_autonomy" text,
	"policy_version" integer,
	"request" jsonb NOT NULL,
	"answer" jsonb NOT NULL,
	CONSTRAINT "authority_checks_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"workspace_id" text NOT NULL,
	"version" integer NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"document" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "policy_versions_workspace_id_version_pk" PRIMARY KEY("workspace_id","version")
);
--> statement-breakpoint
CREATE INDEX "authority_checks_workspace_at" ON "authority_checks" USING btree ("workspace_id","at");--> statement-breakpoint
CREATE INDEX "policy_versions_workspace_effective" ON "policy_versions" USING btree ("workspace_id","effective_from");