export { caseSearchSchema, InvalidCursorError, OUTCOME_FILTERS, searchCases, type CaseHit, type CaseSearchInput, type CaseSearchResult, type OutcomeFilter, type SnippetPart } from "./search";
export { caseTimeline, type CaseTimeline, type TimelineEntry } from "./timeline";
