import { describe, expect, it } from "vitest";
import { actionPhrase, cite, money, patternNoun, quoted, statedReason } from "./words";

describe("explanation wording", () => {
  it.each([
    [{ name: "refund.issue", amount: { value: 42, currency: "EUR" }, target: { system: "shopify", ref: "order/1183" } }, "refunded €42.00 on order 1183", "refunding €42.00 on order 1183"],
    [{ name: "voucher.issue", amount: { value: 15, currency: "EUR" } }, "issued a voucher of €15.00", "issuing a voucher of €15.00"],
    [{ name: "order.address_update" }, "updated the order address", "updating the order address"],
    [{ name: "return.label_issue" }, "issued a return label", "issuing a return label"],
    [{ name: "carrier.claim_open" }, "opened a carrier claim", "opening a carrier claim"],
    [{ name: "account_credit.issue", amount: { value: 15, currency: "EUR" } }, "issued an account credit of €15.00", "issuing an account credit of €15.00"],
    [{ name: "refund.shipping_fee", amount: { value: 4.95, currency: "EUR" } }, "refunded the shipping fee (€4.95)", "refunding the shipping fee (€4.95)"],
    [{ name: "subscription.cancel", target: { system: "billing", ref: "S-1" } }, "cancelled the subscription on billing record S-1", "cancelling the subscription on billing record S-1"],
    [{ name: "wibble" }, "took the action wibble", "taking the action wibble"],
    [{ name: "billing.credit", amount: { value: 21.68, currency: "EUR" }, target: { system: "billing", ref: "invoice/7804990" } }, "credited €21.68 on invoice 7804990", "crediting €21.68 on invoice 7804990"],
    [{ name: "billing.charge_reverse", amount: { value: 99.99, currency: "EUR" } }, "reversed the charge of €99.99", "reversing the charge of €99.99"],
  ])("phrases %o", (action, past, gerund) => {
    expect(actionPhrase(action)).toBe(past);
    expect(actionPhrase(action, "gerund")).toBe(gerund);
  });

  it("quotes the first sentence of a rationale as the AI wrote it, in any person and form", () => {
    expect(statedReason("The carrier confirmed the parcel was lost. More detail follows.")).toBe("“The carrier confirmed the parcel was lost.”");
    expect(statedReason("the customer will be away until Friday; I moved the delivery to Saturday")).toBe("“the customer will be away until Friday; I moved the delivery to Saturday.”");
    expect(statedReason("Damaged on arrival, photo supplied.")).toBe("“Damaged on arrival, photo supplied.”");
    expect(statedReason("  Is it lost?  Yes. ")).toBe("“Is it lost?”");
    const long = statedReason(`The parcel ${"was held at the depot and ".repeat(20)}returned.`);
    expect(long.length).toBeLessThanOrEqual(285);
    expect(long).toMatch(/^“The parcel was held [a-z ]+ held…”$/);
  });

  it("cites clauses, limits and patterns the way people write them", () => {
    expect(cite({ id: "refund-policy", version: 3, clause: "2.2" })).toBe("refund-policy v3 §2.2");
    expect(cite({ id: "refund-policy", version: "v3", clause: "§2" })).toBe("refund-policy v3 §2");
    expect(cite({ id: "goodwill", version: "2" })).toBe("goodwill v2");
    expect(money(50, "EUR", true)).toBe("€50");
    expect(money(49.5, "EUR", true)).toBe("€49.50");
    expect(money(12, "CHF")).toBe("CHF\u00a012.00");
    // A prefix takes no plural: "deliverys", "loyaltys", "billings" are not words.
    expect(patternNoun("refund.*")).toBe("any refund action");
    expect(patternNoun("delivery.*")).toBe("any delivery action");
    expect(patternNoun("loyalty.*")).toBe("any loyalty action");
    expect(patternNoun("billing.*")).toBe("any billing action");
    expect(patternNoun("account_credit.*")).toBe("any account credit action");
    expect(patternNoun("*")).toBe("any action");
    expect(patternNoun("replacement.ship")).toBe("shipping a replacement");
    expect(patternNoun("x.frobnicate")).toBe("x.frobnicate");
    expect(quoted("done")).toBe("“done.”");
    expect(quoted("done!")).toBe("“done!”");
  });
});
