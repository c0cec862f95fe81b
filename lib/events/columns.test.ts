import { describe, expect, it } from "vitest";
import { columnsOf } from "./columns";
import { actionExecuted, aiProposal, approvalDecided, caseOpened, caseOutcome, feedback, handoff } from "./examples";

describe("columnsOf", () => {
  it("derives every column of an AI action", () => {
    expect(columnsOf(actionExecuted)).toEqual({
      caseId: "case_8841",
      journey: "delivery_failure",
      channel: "chat",
      actorType: "ai",
      actorId: "refund-agent",
      aiVersion: "refund-agent@2025.03.1",
      action: "refund.issue",
      autonomy: "approve",
      confidence: 0.86,
      parentId: aiProposal.id,
      outcome: null,
      customerRef: "cus_5b1e9a7d",
      amount: 42,
      currency: "EUR",
      occurredAt: "2025-03-11T09:14:55Z",
    });
  });

  it("takes the action and confidence of a proposal but no autonomy", () => {
    expect(columnsOf(aiProposal)).toMatchObject({ action: "refund.issue", autonomy: null, confidence: 0.86, parentId: null });
  });

  it("reads the outcome of an approval and the status of a case outcome", () => {
    expect(columnsOf(approvalDecided).outcome).toBe("approved");
    expect(columnsOf(caseOutcome).outcome).toBe("resolved");
  });

  it("has no AI version for a non-AI actor, even one that sends a version", () => {
    expect(columnsOf({ ...caseOpened, actor: { type: "system", id: "crm", version: "4.2" } }).aiVersion).toBeNull();
    expect(columnsOf(approvalDecided).aiVersion).toBeNull();
  });

  it("leaves action, money and outcome columns null where the type has none", () => {
    for (const event of [caseOpened, handoff, feedback]) {
      expect(columnsOf(event)).toMatchObject({ action: null, autonomy: null, confidence: null, amount: null, currency: null, outcome: null });
    }
  });

  it("keeps occurredAt as the client's string, offset included", () => {
    expect(columnsOf(feedback).occurredAt).toBe("2025-03-11T10:32:11+01:00");
  });
});
