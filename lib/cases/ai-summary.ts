// What the case list's "What the AI did" column says about a case. A case's `actions` name what anyone
// did in it; the column credits the AI only with its own proposals and actions, so a person's work
// never reads as the AI's.
import type { CaseHit } from "./search";

export interface AiSummary {
  /** The AI's own decisions; empty when it made none. */
  decisions: { label: "Carried out" | "Proposed"; actions: string[] }[];
  /** When the AI made no decision, a sentence saying so; else null. */
  none: string | null;
  /** When the AI made no decision, the actions carried out without it (by people or systems). */
  withoutAi: string[];
}

export function summariseAi(c: Pick<CaseHit, "aiEngaged" | "actions" | "aiProposed" | "aiExecuted">): AiSummary {
  // A proposal the AI then carried out itself is listed once, as done.
  const proposed = c.aiProposed.filter((a) => !c.aiExecuted.includes(a));
  const decisions: AiSummary["decisions"] = [];
  if (c.aiExecuted.length > 0) decisions.push({ label: "Carried out", actions: c.aiExecuted });
  if (proposed.length > 0) decisions.push({ label: "Proposed", actions: proposed });
  if (c.aiProposed.length > 0 || c.aiExecuted.length > 0) return { decisions, none: null, withoutAi: [] };
  return {
    decisions,
    none: c.aiEngaged ? "The AI took part but proposed and carried out no action." : "The AI took no part in this case.",
    // Only an AI proposes (the event contract), so with no AI decision every action named was carried
    // out by someone else.
    withoutAi: c.actions,
  };
}
