import { describe, expect, it } from "vitest";
import { aiProposal, approvalDecided } from "@/lib/events/examples";
import { DEFAULT_RULES, redactEvent, redactText, rulesFromConfig } from "./redact";

describe("redaction", () => {
  it.each([
    ["Write to jane.doe+cx@example.co.uk today", "Write to [redacted:email] today", 1],
    ["Card 4111 1111 1111 1111 was charged twice", "Card [redacted:card] was charged twice", 1],
    ["Card 4111-1111-1111-1112 fails Luhn", "Card 4111-1111-1111-1112 fails Luhn", 0],
    ["Call +44 20 7946 0958 or 020 7946 0958", "Call [redacted:phone] or [redacted:phone]", 2],
    ["Order 10442 shipped on 2026-03-11 for €42.00", "Order 10442 shipped on 2026-03-11 for €42.00", 0],
  ])("masks %j", (input, output, count) => {
    expect(redactText(input, DEFAULT_RULES)).toEqual({ text: output, masked: count });
  });

  it("masks free-text fields of an event, leaves the input untouched, and counts the masks", () => {
    const event = { ...aiProposal, decision: { ...aiProposal.decision, rationale: "Customer jane@example.com asked; card 4111111111111111." } };
    const { event: redacted, masked } = redactEvent(event, DEFAULT_RULES);
    expect(masked).toBe(2);
    expect((redacted as typeof event).decision.rationale).toBe("Customer [redacted:email] asked; card [redacted:card].");
    expect(event.decision.rationale).toContain("jane@example.com");
  });

  it("returns the same object when there is nothing to mask", () => {
    expect(redactEvent(approvalDecided, DEFAULT_RULES).event).toBe(approvalDecided);
  });

  it("is configurable: off, a subset, and custom patterns", () => {
    expect(rulesFromConfig("off", undefined)).toEqual([]);
    expect(rulesFromConfig("email", undefined).map((r) => r.name)).toEqual(["email"]);
    const rules = rulesFromConfig(undefined, "iban=/[A-Z]{2}\\d{2}[A-Z0-9]{11,30}/");
    expect(redactText("IBAN DE89370400440532013000", rules).text).toBe("IBAN [redacted:iban]");
    expect(() => rulesFromConfig("emali", undefined)).toThrow(/unknown rule 'emali'/);
  });
});
