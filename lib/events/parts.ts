// Building blocks shared by the event types: the common fields and the nested objects
// (actor, action, decision). Every object is strict and every string and array is bounded.
import { z } from "zod";
import {
  ACTION_NAME_PATTERN,
  ACTOR_TYPES,
  AUTONOMY_LEVELS,
  CHANNELS,
  CURRENCY_PATTERN,
  MAX_ALTERNATIVES,
  MAX_ATTRIBUTES_BYTES,
  MAX_ATTRIBUTES_DEPTH,
  MAX_EVIDENCE,
  MAX_LEN,
} from "./constants";
import { show } from "./issues";

/** A non-empty string of at most `max` characters. */
export const text = (max: number) => z.string().min(1).max(max);

export const uuid = () => z.uuid();

export const actionName = () =>
  z
    .string()
    .max(MAX_LEN.actionName)
    .regex(ACTION_NAME_PATTERN, {
      error: (issue) =>
        `must be dot-separated lowercase letters, digits and _, e.g. refund.issue (got ${show(issue.input)})`,
    });

export const actorSchema = z
  .strictObject({
    type: z.enum(ACTOR_TYPES).meta({ description: "What kind of party acted." }),
    id: text(MAX_LEN.id).meta({
      description: "Stable identifier of the actor: an agent name, an employee id, a service name.",
      examples: ["refund-agent", "agent_0193"],
    }),
    version: text(MAX_LEN.version).optional().meta({
      description: "For AI actors: identifies the model + prompt + policy bundle that acted.",
      examples: ["refund-agent@2025.03.1"],
    }),
  })
  .meta({ id: "Actor", description: "Who did what the event records." });

/** The actor of an `ai.proposal`: only an AI proposes. */
export const aiActorSchema = actorSchema
  .extend({
    type: z
      .literal("ai", {
        error: (issue) =>
          issue.input === undefined ? "required" : `must be "ai": only an AI makes proposals (got ${show(issue.input)})`,
      })
      .meta({ description: "Always `ai` for proposals." }),
  })
  .meta({ id: "AiActor", description: "An AI actor." });

export const autonomySchema = z.enum(AUTONOMY_LEVELS).meta({
  id: "Autonomy",
  description:
    "How independently the action was taken: `assist` (AI suggests, a human acts) < `approve` (AI acts after approval) < `supervised` (AI acts, a human reviews after) < `autonomous` (AI acts alone).",
});

export const amountSchema = z
  .strictObject({
    value: z.number().min(0).meta({ description: "Amount in major units (42.5 = €42.50).", examples: [42] }),
    currency: z
      .string()
      .regex(CURRENCY_PATTERN, {
        error: (issue) => `must be an ISO 4217 code of three upper-case letters, e.g. EUR (got ${show(issue.input)})`,
      })
      .meta({ description: "ISO 4217 currency code.", examples: ["EUR"] }),
  })
  .meta({ id: "Amount", description: "A sum of money the action moved or promised." });

export const actionSchema = z
  .strictObject({
    name: actionName().meta({
      description: "What was done, as `object.verb` in lowercase: letters, digits, `_` and `.`.",
      examples: ["refund.issue", "order.cancel"],
    }),
    target: z
      .strictObject({
        system: text(MAX_LEN.system).meta({ description: "The system acted on.", examples: ["shopify"] }),
        ref: text(MAX_LEN.id).meta({ description: "The record acted on in that system.", examples: ["order/10442"] }),
      })
      .optional()
      .meta({ description: "The record the action changed." }),
    amount: amountSchema.optional(),
    reversible: z.boolean().optional().meta({ description: "Whether the action can be rolled back." }),
  })
  .meta({ id: "Action", description: "An action on a customer's account or order." });

export const decisionSchema = z
  .strictObject({
    rationale: text(MAX_LEN.rationale).optional().meta({
      description: "Why, in plain language a customer could read. Required when the actor is an AI.",
      examples: ["The parcel was returned to the depot and policy R-7 §3.2 allows a full refund."],
    }),
    confidence: z.number().min(0).max(1).optional().meta({
      description: "The AI's own confidence in the decision, from 0 to 1.",
      examples: [0.86],
    }),
    evidence: z
      .array(
        z.strictObject({
          source: text(MAX_LEN.label).meta({ description: "Kind of source.", examples: ["carrier_tracking"] }),
          ref: text(MAX_LEN.id).optional().meta({ description: "Where to find it in that source." }),
          summary: text(MAX_LEN.summary).meta({ description: "What the evidence says." }),
        }),
      )
      .max(MAX_EVIDENCE)
      .optional()
      .meta({ description: `What the decision relied on (at most ${MAX_EVIDENCE} items).` }),
    policy: z
      .strictObject({
        id: text(MAX_LEN.id).meta({ examples: ["refunds"] }),
        version: text(MAX_LEN.label).meta({ examples: ["7"] }),
        clause: text(MAX_LEN.id).optional().meta({ examples: ["3.2"] }),
      })
      .optional()
      .meta({ description: "The business policy the decision applied." }),
    alternatives: z
      .array(
        z.strictObject({
          action: text(MAX_LEN.id).meta({
            description: "The option considered, preferably an action name.",
            examples: ["voucher.issue"],
          }),
          whyNot: text(MAX_LEN.reason).meta({ description: "Why it was not chosen." }),
        }),
      )
      .max(MAX_ALTERNATIVES)
      .optional()
      .meta({ description: `Options considered and rejected (at most ${MAX_ALTERNATIVES}).` }),
    counterfactual: text(MAX_LEN.summary).optional().meta({
      description: "What would have changed the decision.",
    }),
    model: z
      .strictObject({
        provider: text(MAX_LEN.label),
        name: text(MAX_LEN.name),
        version: text(MAX_LEN.label),
      })
      .optional()
      .meta({ description: "The model that produced the decision." }),
  })
  .meta({ id: "Decision", description: "The explanation an AI gives for its own proposal or action." });

/** JSON byte length of a value, or undefined when it cannot be serialised (cycles, BigInt). */
export function jsonByteLength(value: unknown): number | undefined {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? undefined : new TextEncoder().encode(json).byteLength;
  } catch {
    return undefined;
  }
}

/** Whether `value` nests objects or arrays more than `limit` levels deep; iterative, so any depth is safe to ask about. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth >= limit) return true;
    for (const child of Object.values(node)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}

/** What is wrong with an event's `attributes` value beyond its shape (too deep, too big, not JSON); null when nothing. */
export function attributesProblem(value: unknown): string | null {
  // Checked first: serialising the object to measure it recurses too.
  if (nestsDeeperThan(value, MAX_ATTRIBUTES_DEPTH)) return `must not nest objects or arrays more than ${MAX_ATTRIBUTES_DEPTH} levels deep`;
  const bytes = jsonByteLength(value);
  if (bytes === undefined) return "must be serialisable as JSON";
  if (bytes > MAX_ATTRIBUTES_BYTES) return `must be at most ${MAX_ATTRIBUTES_BYTES} bytes as JSON (got ${bytes})`;
  return null;
}

// zod checks its own copy of the record, which leaves out a `__proto__` key; lib/events/validate.ts
// therefore asks attributesProblem again of the object the client sent, which keeps it.
export const attributesSchema = z
  .record(z.string(), z.unknown())
  .superRefine((value, ctx) => {
    const problem = attributesProblem(value);
    if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({
    description: `Free-form object kept with the event but not interpreted; at most ${MAX_ATTRIBUTES_BYTES} bytes as JSON, nested at most ${MAX_ATTRIBUTES_DEPTH} levels.`,
    examples: [{ locale: "de-DE", experiment: "refund-copy-b" }],
  });

const parentId = uuid().meta({
  description: "The event this one answers: the proposal an approval decides, the action a reversal undoes.",
});

/** Fields every event carries, in the order they are documented. */
export const commonFields = {
  id: uuid().meta({
    description: "Client-generated UUID (RFC 9562); the idempotency key.",
    examples: ["0f8b6a52-3c1e-4d7a-9b2f-5e6d7c8b9a01"],
  }),
  // The pattern allows any number of fractional digits; the length bound stops a megabyte of them.
  occurredAt: z.iso.datetime({ offset: true }).max(MAX_LEN.timestamp).meta({
    description: "When it happened: ISO-8601 with seconds and a time zone (`Z` or `±hh:mm`).",
    examples: ["2025-03-11T09:14:05Z", "2025-03-11T10:14:05.250+01:00"],
  }),
  caseId: text(MAX_LEN.id).meta({
    description: "The customer case, conversation or ticket.",
    examples: ["case_8841"],
  }),
  journey: text(MAX_LEN.journey).meta({
    description: "Intent taxonomy.",
    examples: ["order_status", "billing_dispute", "delivery_failure", "service_recovery"],
  }),
  channel: z.enum(CHANNELS).meta({ id: "Channel", description: "Where the customer is in contact." }),
  customerRef: text(MAX_LEN.id).optional().meta({
    description: "Pseudonymous customer reference (a hash or an internal id). Never an e-mail, phone number or name.",
    examples: ["cus_5b1e9a7d"],
  }),
  actor: actorSchema,
  parentId: parentId.optional(),
  attributes: attributesSchema.optional(),
} as const;

/** `parentId` made mandatory, for the events that only make sense as an answer to another. */
export const requiredParentId = (description: string) => uuid().meta({ description });
