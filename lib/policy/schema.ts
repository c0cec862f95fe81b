// The decision-authority policy document (DESIGN §6): which actions an AI may take on its own, at
// what autonomy, under which conditions. One strict zod schema; files, the settings form and the
// database all go through it.
import { z } from "zod";
import { AUTONOMY_LEVELS, CURRENCY_PATTERN, MAX_LEN, type Autonomy } from "@/lib/events/constants";
import { show } from "@/lib/events/issues";
import { text } from "@/lib/events/parts";

/** `*`, an exact action name (`order.cancel`), or a name prefix ending in `.*` (`refund.*`). */
export const PATTERN = /^(?:\*|[a-z0-9_]+(?:\.[a-z0-9_]+)*(?:\.\*)?)$/;

export const patternSchema = z
  .string()
  .max(MAX_LEN.actionName)
  .regex(PATTERN, {
    error: (issue) =>
      `must be *, an action name like order.cancel, or a prefix ending in .* like refund.* (got ${show(issue.input)})`,
  })
  .meta({ description: "Which actions the entry applies to: `*`, `refund.*` or `order.cancel`." });

const autonomy = z.enum(AUTONOMY_LEVELS);

export const clauseRefSchema = z
  .strictObject({
    id: text(MAX_LEN.id).meta({ description: "The business policy the rule implements.", examples: ["refund-policy"] }),
    version: z.union([z.int().min(0), text(MAX_LEN.label)]).meta({ examples: [3] }),
    clause: text(MAX_LEN.id).optional().meta({ examples: ["§2"] }),
  })
  .meta({ id: "PolicyClause", description: "Where the rule comes from, quoted in explanations." });
export type ClauseRef = z.infer<typeof clauseRefSchema>;

export const conditionsSchema = z
  .strictObject({
    amount: z
      .strictObject({
        max: z.number().min(0),
        currency: z.string().regex(CURRENCY_PATTERN, {
          error: (issue) => `must be an ISO 4217 code of three upper-case letters, e.g. EUR (got ${show(issue.input)})`,
        }),
      })
      .optional()
      .meta({ description: "Holds when the action moves at most `max` in `currency` (no conversion between currencies)." }),
    confidence: z
      .strictObject({ min: z.number().min(0).max(1) })
      .optional()
      .meta({ description: "Holds when the AI states a confidence of at least `min`." }),
    journeys: z
      .array(text(MAX_LEN.journey))
      .min(1)
      .max(100)
      .optional()
      .meta({ description: "Holds when the action belongs to one of these journeys." }),
  })
  .meta({ id: "PolicyConditions", description: "All must hold; a value the action does not state does not hold." });
export type Conditions = z.infer<typeof conditionsSchema>;

export const ruleSchema = z
  .strictObject({
    pattern: patternSchema,
    maxAutonomy: autonomy.meta({ description: "The highest autonomy the rule grants." }),
    when: conditionsSchema.optional(),
    clause: clauseRefSchema.optional(),
    note: text(MAX_LEN.reason).optional(),
  })
  .meta({ id: "PolicyRule" });
export type PolicyRule = z.infer<typeof ruleSchema>;

/** A ceiling over every action matching `pattern`, whatever the rules grant: what the kill switch adds. */
export const capSchema = z
  .strictObject({
    pattern: patternSchema,
    maxAutonomy: autonomy,
    reason: text(MAX_LEN.reason),
    by: text(MAX_LEN.id),
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .meta({ id: "PolicyCap" });
export type PolicyCap = z.infer<typeof capSchema>;

export const policyDocumentSchema = z
  .strictObject({
    id: text(MAX_LEN.id).meta({ description: "Name of this decision-authority policy.", examples: ["decision-authority"] }),
    title: text(MAX_LEN.name).optional(),
    description: text(MAX_LEN.summary).optional(),
    rules: z.array(ruleSchema).max(1000),
    caps: z.array(capSchema).max(1000).optional(),
  })
  .meta({ id: "PolicyDocument", description: "A decision-authority policy: rules granting autonomy, and caps limiting it." });
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

/** A stored version of a workspace's policy; the version in force at a moment governs actions then. */
export interface PolicyVersion {
  workspaceId: string;
  version: number;
  effectiveFrom: Date;
  document: PolicyDocument;
  createdBy: string;
  createdAt: Date;
  reason: string;
}

/** What the evaluator needs of a version; `PolicyVersion` and plain fixtures both fit. */
export interface PolicyInForce {
  version: number;
  effectiveFrom: Date | string;
  document: PolicyDocument;
}

export const rank = (level: Autonomy): number => AUTONOMY_LEVELS.indexOf(level);
export const lower = (a: Autonomy, b: Autonomy): Autonomy => (rank(a) <= rank(b) ? a : b);
