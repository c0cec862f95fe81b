// Where a dashboard's row about one AI decision may lead the person viewing it. The dashboards are for
// CX leaders, who may not open cases or explanations (lib/auth/permissions.ts): a link there would end
// on the 403 page, so for them the row shows plain text instead.
import { type Role, roleMayOpen } from "@/lib/auth/permissions";
import type { DecisionItem } from "./dashboard";

export interface DecisionLinks {
  /** The decision's explanation, or null when the viewer may not open it. */
  explanation: string | null;
  /** The decision's case timeline, or null when the viewer may not open it. */
  case: string | null;
}

export function decisionLinks(role: Role, item: Pick<DecisionItem, "eventId" | "caseId" | "workspaceId">): DecisionLinks {
  // The workspace goes along: without it, the pages look in the default workspace.
  const q = `?workspace=${encodeURIComponent(item.workspaceId)}`;
  return {
    explanation: roleMayOpen(role, "/actions/[id]") ? `/actions/${encodeURIComponent(item.eventId)}${q}` : null,
    case: roleMayOpen(role, "/cases/[caseId]") ? `/cases/${encodeURIComponent(item.caseId)}${q}` : null,
  };
}
