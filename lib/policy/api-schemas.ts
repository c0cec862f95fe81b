// The decision-authority API's shapes (POST /api/v1/authority/check, /api/v1/policies and its kill
// switch) as zod schemas, shared by the route handlers and the OpenAPI document. Responses are plain
// (non-strict) objects, as in lib/events/api-schemas.ts.
import { z } from "zod";
import { AUTONOMY_LEVELS, MAX_LEN } from "@/lib/events/constants";
import type { AuthorityCheckAnswer } from "./authority";
import { clauseRefSchema, patternSchema, policyDocumentSchema } from "./schema";

const autonomy = z.enum(AUTONOMY_LEVELS);
const instant = z.iso.datetime({ offset: true });

/** Why a policy changes: required, kept with the version and in the access log. */
export const reasonSchema = z
  .string()
  .trim()
  .min(1, "say why the policy changes; the reason is kept with the version")
  .max(MAX_LEN.reason)
  .meta({ description: "Why: kept with the version and in the access log.", examples: ["Refunds above €75 were issued autonomously"] });

export const MAX_POLICY_TEXT = 512 * 1024;

export const policyPublishRequestSchema = z
  .strictObject({
    document: z
      .union([z.string().min(1).max(MAX_POLICY_TEXT), z.record(z.string(), z.unknown())])
      .meta({
        description:
          "The new policy: a PolicyDocument as a JSON object, or its text (YAML, or JSON when it starts with `{`); issues in text carry `line` and `column`.",
      }),
    reason: reasonSchema,
    effectiveFrom: instant.optional().meta({ description: "Default: now. A past instant is an import (visible as such: `createdAt` is now); a future one schedules the change." }),
  })
  .meta({ id: "PolicyPublishRequest", description: "A new version of the workspace's policy." });

export const killSwitchRequestSchema = z
  .strictObject({
    pattern: patternSchema,
    reason: reasonSchema,
    lift: z.boolean().optional().meta({ description: "true lifts the cap on exactly `pattern` instead of adding one." }),
  })
  .meta({ id: "KillSwitchRequest", description: "Lower every action matching `pattern` to assist at once, or lift that cap." });

export const policyVersionSchema = z
  .object({
    workspace: z.string(),
    version: z.int().min(1).meta({ description: "Gapless per workspace, from 1." }),
    effectiveFrom: instant,
    createdBy: z.string().meta({ description: "A person's email, or `apikey:<prefix>`." }),
    createdAt: instant,
    reason: z.string(),
    document: policyDocumentSchema,
  })
  .meta({ id: "PolicyVersion", description: "One stored, immutable version of a workspace's policy." });

export const policyVersionsSchema = z
  .object({
    workspace: z.string(),
    inForce: z.int().min(1).nullable().meta({ description: "The version in force now; null when none is (no restrictions)." }),
    versions: z.array(policyVersionSchema).meta({ description: "Newest first." }),
  })
  .meta({ id: "PolicyVersions", description: "The workspace's policy history." });

export const authorityCheckAnswerSchema = z
  .object({
    checkId: z.uuid().meta({ description: "Id of the recorded check; quote it in the event's `attributes`." }),
    checkedAt: instant,
    action: z.string(),
    allowedAutonomy: autonomy.nullable().meta({ description: "The highest autonomy allowed now; null when no policy is in force (nothing is restricted)." }),
    permitted: z.boolean().nullable().meta({ description: "Whether acting at the asked `autonomy` is allowed; null when none was asked or no policy is in force." }),
    policy: z.object({ id: z.string(), version: z.int() }).nullable(),
    policyVersion: z.int().nullable(),
    clause: clauseRefSchema.nullable(),
    rule: z
      .object({ index: z.int().min(0).meta({ description: "0-based index into `rules`." }), pattern: z.string(), maxAutonomy: autonomy })
      .nullable()
      .meta({ description: "The rule that granted `allowedAutonomy`; null when none did." }),
    cap: z
      .object({ pattern: z.string(), by: z.string(), reason: z.string(), at: instant.optional() })
      .nullable()
      .meta({ description: "The cap (kill switch) that lowered the answer, if one did." }),
    reasons: z.array(z.string()).meta({ description: "Plain sentences, the decisive one first." }),
  })
  .meta({ id: "AuthorityCheckAnswer", description: "The highest autonomy allowed now for the proposed action, and why." });

type Assert<T extends true> = T;
/** Fails to compile when the answer checkAuthority builds stops fitting the documented schema. */
export type AnswerFitsSchema = Assert<AuthorityCheckAnswer extends z.input<typeof authorityCheckAnswerSchema> ? true : false>;
