import { describe, expect, it } from "vitest";
import { summariseAi } from "./ai-summary";

const hit = (over: Partial<Parameters<typeof summariseAi>[0]>) => ({ aiEngaged: false, actions: [], aiProposed: [], aiExecuted: [], ...over });

describe("what the case list says the AI did", () => {
  it("says plainly that the AI took no part when only a person acted, and names the action as not the AI's", () => {
    expect(summariseAi(hit({ actions: ["replacement.ship"] }))).toEqual({
      decisions: [],
      none: "The AI took no part in this case.",
      withoutAi: ["replacement.ship"],
    });
  });

  it("does not say the AI made no decision above a person's action as if it were the AI's", () => {
    const summary = summariseAi(hit({ aiEngaged: true, actions: ["replacement.ship"] }));
    expect(summary.decisions).toEqual([]);
    expect(summary.none).toBe("The AI took part but proposed and carried out no action.");
    expect(summary.withoutAi).toEqual(["replacement.ship"]);
  });

  it("lists what the AI carried out and proposed, once each, and not what people did beside it", () => {
    const summary = summariseAi(
      hit({ aiEngaged: true, actions: ["billing.credit", "refund.issue", "replacement.ship"], aiProposed: ["refund.issue", "billing.credit"], aiExecuted: ["refund.issue"] }),
    );
    expect(summary).toEqual({
      decisions: [
        { label: "Carried out", actions: ["refund.issue"] },
        { label: "Proposed", actions: ["billing.credit"] },
      ],
      none: null,
      withoutAi: [],
    });
  });

  it("says the AI only proposed what a person then carried out", () => {
    expect(summariseAi(hit({ aiEngaged: true, actions: ["refund.issue"], aiProposed: ["refund.issue"] })).decisions).toEqual([
      { label: "Proposed", actions: ["refund.issue"] },
    ]);
  });
});
