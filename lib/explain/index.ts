export { accountabilityFromEnv, explainAction, isAiDecision, NotExplainableError, type AccountabilityConfig, type ExplainOptions } from "./explain";
export { EventNotFoundError, isEventId, proveEvent, verifyEvent, type EventProof, type EventVerification, type Check } from "./proof";
export { explanationText } from "./sections";
export type { Explanation, ExplanationSection, Authority, Reaction } from "./types";
