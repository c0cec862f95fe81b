import { describe, expect, it } from "vitest";
import { decisionLinks } from "./decision-links";

const item = { eventId: "0b7e6a0e-8f4c-4a55-9a1e-5d0f2b0c1a10", caseId: "case 88/41", workspaceId: "acme" };

describe("links from a dashboard row to an AI decision", () => {
  it("gives a CX leader no link to an explanation or a case, pages their role may not open", () => {
    expect(decisionLinks("cx_leader", item)).toEqual({ explanation: null, case: null });
  });

  it.each(["admin", "agent", "compliance"] as const)("links %s to the explanation and the case, in the row's workspace", (role) => {
    expect(decisionLinks(role, item)).toEqual({
      explanation: "/actions/0b7e6a0e-8f4c-4a55-9a1e-5d0f2b0c1a10?workspace=acme",
      case: "/cases/case%2088%2F41?workspace=acme",
    });
  });
});
