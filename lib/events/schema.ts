// The v1 event contract (DESIGN §2): one strict zod schema, a discriminated union on `type`.
// Types are inferred from it; the OpenAPI document is generated from it (lib/events/openapi.ts).
import { z } from "zod";
import {
  APPROVAL_OUTCOMES,
  ACTOR_TYPES,
  ATTESTERS,
  CASE_STATUSES,
  FEEDBACK_SUBJECTS,
  HANDOFF_PARTIES,
  HANDOFF_REASONS,
  MAX_LEN,
  RESOLVERS,
  SURVEYS,
  type EventType,
} from "./constants";
import {
  actionSchema,
  aiActorSchema,
  autonomySchema,
  commonFields,
  decisionSchema,
  requiredParentId,
  text,
} from "./parts";

export * from "./constants";
export { actionSchema, actorSchema, amountSchema, decisionSchema } from "./parts";

const REQUIRED_FOR_AI = "required for AI actors";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** B's keys win over A's, as in an object spread (TS types a spread of a generic as A & B). */
type Merge<A, B> = { [K in keyof A | keyof B]: K extends keyof B ? B[K] : K extends keyof A ? A[K] : never };

/** A strict event object: common fields in documented order, then the type's own, then attributes. */
function eventObject<T extends EventType, S extends z.core.$ZodLooseShape>(type: T, fields: S) {
  const { id, attributes, ...common } = commonFields;
  const shape = {
    id,
    type: z.literal(type).meta({ description: "Event type; selects the fields below." }),
    ...common,
    ...fields,
    attributes,
  } as Merge<{ id: typeof id; type: z.ZodLiteral<T> } & typeof common, S> & { attributes: typeof attributes };
  return z.strictObject(shape);
}

const requiredForAi = { error: (issue: { input?: unknown }) => (issue.input === undefined ? REQUIRED_FOR_AI : undefined) };

/** `decision` as an AI must give it: the rationale is mandatory. */
export const aiDecisionSchema = decisionSchema
  .extend({
    rationale: z.string(requiredForAi).min(1).max(MAX_LEN.rationale).meta({
      description: "Why, in plain language a customer could read.",
      examples: ["The parcel was returned to the depot and policy R-7 §3.2 allows a full refund."],
    }),
  })
  .meta({ id: "AiDecision", description: "The explanation an AI gives for its own proposal or action." });

const reason = (description: string) => text(MAX_LEN.reason).meta({ description });

export const caseOpenedSchema = eventObject("case.opened", {
  contact: z.int().min(1).meta({
    description: "1 = first contact; more than 1 = a repeat contact about the same issue.",
    examples: [1],
  }),
}).meta({ id: "CaseOpenedEvent", description: "A customer case, conversation or ticket started." });

export const aiProposalSchema = eventObject("ai.proposal", {
  actor: aiActorSchema,
  action: actionSchema,
  decision: aiDecisionSchema,
}).meta({
  id: "AiProposalEvent",
  description: "The AI proposes an action that a human must approve or carry out.",
});

export const actionExecutedSchema = eventObject("action.executed", {
  action: actionSchema,
  autonomy: autonomySchema,
  decision: decisionSchema.optional().meta({
    description: "Required, with a rationale, when the actor is an AI.",
  }),
})
  .superRefine((event, ctx) => {
    // Conditional on another field, so it cannot live in the field schema; the check is defensive
    // because refinements also run on partially invalid input.
    const actor: unknown = event.actor;
    const decision: unknown = event.decision;
    if (!isObject(actor) || actor.type !== "ai") return;
    if (decision === undefined) ctx.addIssue({ code: "custom", path: ["decision"], message: REQUIRED_FOR_AI });
    else if (isObject(decision) && decision.rationale === undefined)
      ctx.addIssue({ code: "custom", path: ["decision", "rationale"], message: REQUIRED_FOR_AI });
  })
  .meta({
    id: "ActionExecutedEvent",
    description: "An action was carried out, by any actor. AI actors must explain it in `decision`.",
    // The refinement above, restated in JSON Schema so generated clients enforce it too.
    allOf: [
      {
        if: { properties: { actor: { properties: { type: { const: "ai" } } } } },
        then: { required: ["decision"], properties: { decision: { required: ["rationale"] } } },
      },
    ],
  });

export const approvalDecidedSchema = eventObject("approval.decided", {
  parentId: requiredParentId("The `ai.proposal` being decided."),
  outcome: z.enum(APPROVAL_OUTCOMES).meta({
    description: "`edited` = approved with changes; `expired` = nobody decided in time.",
  }),
  reviewer: z
    .strictObject({
      id: text(MAX_LEN.id).meta({ description: "Stable id of the reviewer (an employee id).", examples: ["agent_0193"] }),
      name: text(MAX_LEN.name).optional().meta({ description: "Display name of the reviewer.", examples: ["Sam Rivera"] }),
    })
    .meta({ id: "Reviewer", description: "The person who decided (or, for `expired`, to whom it was assigned)." }),
  latencyMs: z.int().min(0).optional().meta({
    description: "Milliseconds from the proposal to the decision.",
    examples: [48000],
  }),
  reason: reason("Why the reviewer decided so; expected for `edited` and `rejected`.").optional(),
}).meta({ id: "ApprovalDecidedEvent", description: "A human decided on an AI proposal." });

export const actionOverriddenSchema = eventObject("action.overridden", {
  parentId: requiredParentId("The AI proposal or action being countermanded."),
  reason: reason("Why the AI decision was countermanded."),
  replacement: actionSchema.optional().meta({ description: "The action taken instead, if any." }),
}).meta({ id: "ActionOverriddenEvent", description: "A human countermanded an AI decision or action." });

export const actionReversedSchema = eventObject("action.reversed", {
  parentId: requiredParentId("The `action.executed` being rolled back."),
  reason: reason("Why the action was rolled back."),
  by: z.enum(ACTOR_TYPES).meta({
    description: "Who rolled it back; `customer` covers e.g. a chargeback.",
  }),
}).meta({ id: "ActionReversedEvent", description: "An executed action was rolled back." });

export const handoffSchema = eventObject("handoff", {
  from: z.enum(HANDOFF_PARTIES),
  to: z.enum(HANDOFF_PARTIES),
  reason: z.enum(HANDOFF_REASONS),
  contextTransferred: z.boolean().meta({
    description: "Whether the receiving party got the conversation and case context.",
  }),
}).meta({ id: "HandoffEvent", description: "The case passed between an AI and a human." });

export const caseOutcomeSchema = eventObject("case.outcome", {
  status: z.enum(CASE_STATUSES),
  resolvedBy: z.enum(RESOLVERS).optional().meta({ description: "Who resolved it; `hybrid` = AI and human together." }),
  attestedBy: z.enum(ATTESTERS).meta({
    description: "Who says so: the customer, an agent, an automated judge, or a timeout.",
  }),
}).meta({ id: "CaseOutcomeEvent", description: "The case reached an outcome; the latest one counts." });

export const caseReopenedSchema = eventObject("case.reopened", {}).meta({
  id: "CaseReopenedEvent",
  description: "The customer came back about the same case.",
});

export const feedbackSchema = eventObject("feedback", {
  survey: z.enum(SURVEYS),
  score: z.number().min(0).meta({ description: "The answer, on a scale from 0 or 1 to `scaleMax`.", examples: [4] }),
  scaleMax: z.number().positive().max(100).meta({ description: "The top of the scale.", examples: [5] }),
  about: z.enum(FEEDBACK_SUBJECTS).optional(),
})
  .superRefine((event, ctx) => {
    if (typeof event.score === "number" && typeof event.scaleMax === "number" && event.score > event.scaleMax)
      ctx.addIssue({
        code: "custom",
        path: ["score"],
        message: `must be at most scaleMax (${event.scaleMax}) (got ${event.score})`,
      });
  })
  .meta({ id: "FeedbackEvent", description: "A survey answer from the customer." });

/** Each type's own schema, for code that builds one kind of event (the OTLP mapping, seeds). */
export const eventSchemaByType = {
  "case.opened": caseOpenedSchema,
  "ai.proposal": aiProposalSchema,
  "action.executed": actionExecutedSchema,
  "approval.decided": approvalDecidedSchema,
  "action.overridden": actionOverriddenSchema,
  "action.reversed": actionReversedSchema,
  handoff: handoffSchema,
  "case.outcome": caseOutcomeSchema,
  "case.reopened": caseReopenedSchema,
  feedback: feedbackSchema,
} as const satisfies Record<EventType, z.ZodType>;

export const eventSchema = z
  .discriminatedUnion("type", [
    caseOpenedSchema,
    aiProposalSchema,
    actionExecutedSchema,
    approvalDecidedSchema,
    actionOverriddenSchema,
    actionReversedSchema,
    handoffSchema,
    caseOutcomeSchema,
    caseReopenedSchema,
    feedbackSchema,
  ])
  .meta({ id: "Event", description: "One Warrant event (contract v1), discriminated by `type`." });

export type WarrantEvent = z.infer<typeof eventSchema>;
export type EventOf<T extends EventType> = Extract<WarrantEvent, { type: T }>;
export type CaseOpenedEvent = z.infer<typeof caseOpenedSchema>;
export type AiProposalEvent = z.infer<typeof aiProposalSchema>;
export type ActionExecutedEvent = z.infer<typeof actionExecutedSchema>;
export type ApprovalDecidedEvent = z.infer<typeof approvalDecidedSchema>;
export type ActionOverriddenEvent = z.infer<typeof actionOverriddenSchema>;
export type ActionReversedEvent = z.infer<typeof actionReversedSchema>;
export type HandoffEvent = z.infer<typeof handoffSchema>;
export type CaseOutcomeEvent = z.infer<typeof caseOutcomeSchema>;
export type CaseReopenedEvent = z.infer<typeof caseReopenedSchema>;
export type FeedbackEvent = z.infer<typeof feedbackSchema>;
export type Actor = WarrantEvent["actor"];
export type Action = z.infer<typeof actionSchema>;
export type Decision = z.infer<typeof decisionSchema>;
