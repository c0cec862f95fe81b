// The demo's account actions: address and email changes, subscription cancellations.
import type { ActionSpec } from "./facts";

export const addressUpdate = (name: "order.address_update" | "account.address_update"): ActionSpec => ({
  name,
  system: name === "order.address_update" ? "shopify" : "customer_db",
  ref: (f) => (name === "order.address_update" ? `order/${f.order}` : `customer/${f.member}`),
  reversible: true,
  basis: name === "order.address_update" ? { id: "delivery-policy", version: "5", clause: "§1.4" } : { id: "account-policy", version: "4", clause: "§1.2" },
  rationale: [
    (f) =>
      name === "order.address_update"
        ? `Order ${f.order} has not left the warehouse yet, so the delivery address can still change. The customer verified the order with the email code and gave the new address; updated it before picking starts.`
        : `The customer moved house and confirmed the change with the one-time code sent to their registered email. Updated the default delivery address; open orders keep the address they were placed with.`,
    (f) =>
      name === "order.address_update"
        ? `The customer spotted a typo in the house number of order ${f.order}. Corrected it; the postcode validator confirms the new address exists.`
        : `Customer asked to add a flat number to their saved address; verified identity with the registered phone number and updated it.`,
  ],
  evidence: (f, _x, rng) => [
    { source: "identity_check", ref: `otp-${rng.hex(8)}`, summary: "One-time code confirmed by the customer within 2 minutes." },
    { source: "address_validator", summary: "New address matches the national postcode register." },
    ...(name === "order.address_update" ? [{ source: "warehouse", ref: `order/${f.order}`, summary: "Status: awaiting picking." }] : []),
  ],
  alternatives: [{ action: "order.cancel", whyNot: () => "The order can still be redirected, so cancelling and re-ordering is unnecessary." }],
  counterfactual: [() => "If the identity code had not been confirmed, I would have handed over to a person."],
  rejected: [() => "Address change requested from a new device right after a password reset: possible account takeover."],
  overridden: [() => "New address is a parcel forwarding service we do not ship to; reverted and explained to the customer."],
  reversed: [() => "Customer called to say the change was a mistake; restored the previous address."],
});

export const emailUpdate: ActionSpec = {
  name: "account.email_update",
  system: "customer_db",
  ref: (f) => `customer/${f.member}`,
  reversible: true,
  basis: { id: "account-policy", version: "4", clause: "§2.3" },
  rationale: [
    () => "The customer lost access to their old mailbox. They passed the knowledge check (last order total and delivery postcode) and confirmed the new address with a code sent to it, as account policy §2.3 requires.",
    () => "Customer wants invoices at their work email. Verified identity with the code sent to the registered phone number and the new address; updating the login email.",
  ],
  evidence: (f, _x, rng) => [
    { source: "identity_check", ref: `kba-${rng.hex(8)}`, summary: "Knowledge check passed: last order total and delivery postcode." },
    { source: "crm", ref: `customer/${f.member}`, summary: `Account opened ${rng.int(2015, 2024)}, no recent password resets.` },
  ],
  alternatives: [{ action: "account.password_reset", whyNot: () => "The customer no longer has access to the old mailbox, so a reset link would not reach them." }],
  counterfactual: [() => "Had the account shown a password reset in the last 24 hours, I would not have proposed the change."],
  rejected: [() => "Identity not sufficiently proven: the customer could not name the last delivery postcode.", () => "Security team has a hold on this account."],
  overridden: [() => "Request came from an IP address flagged in last week's credential-stuffing attack; change reverted."],
  reversed: [() => "Reverted at the customer's request: they mistyped the new address."],
};

export const subscriptionCancel: ActionSpec = {
  name: "subscription.cancel",
  system: "billing",
  ref: (f) => `subscription/${f.member}`,
  reversible: true,
  basis: { id: "account-policy", version: "4", clause: "§5" },
  rationale: [
    () => "The customer asked to cancel their Fernhill Plus membership. Account policy §5 lets members cancel at any time, effective at the end of the billing month; cancelled and confirmed the end date.",
    () => "Customer no longer wants the monthly plant-care box. Cancelled before the next billing run so they are not charged again.",
  ],
  evidence: (f) => [{ source: "billing", ref: `subscription/${f.member}`, summary: "Active monthly subscription, next charge in 9 days." }],
  alternatives: [{ action: "subscription.pause", whyNot: () => "Offered a pause; the customer declined." }],
  counterfactual: [() => "If the customer had wanted only to skip a month, I would have paused the subscription instead."],
  rejected: [() => "Customer is inside the 12-month minimum term of the promotional plan."],
  overridden: [() => "Customer called back to keep the membership; reinstated."],
  reversed: [() => "Cancellation reversed: the customer changed their mind within the cooling-off period."],
};
