// The demo's money actions: refunds, billing credits and reversals, goodwill vouchers and points,
// and the return label that precedes a refund.
import { euro } from "./catalogue";
import { a, history, orderEvidence, ordered, said, tracking, type ActionSpec } from "./facts";

export const refundIssue: ActionSpec = {
  name: "refund.issue",
  system: "stripe",
  ref: (f) => `order/${f.order}`,
  reversible: true,
  amount: (f) => f.price,
  basis: { id: "refund-policy", version: "3", clause: "§2" },
  rationale: [
    (f, x) => `${f.carrier.name} confirmed parcel ${f.tracking} as lost in transit and order ${f.order} (${f.product.name}) has been neither refunded nor replaced. Refund policy §2 gives a full refund for a parcel the carrier confirms lost, and the customer prefers their money back to a replacement, so I am refunding ${a(x)} to the original card.`,
    (f, x) => `The ${f.product.name} from order ${f.order} was returned to our warehouse and passed inspection. Refund policy §2 refunds returned items within 14 days of receipt; refunding ${a(x)} to the card used for the order.`,
    (f, x) => `The customer returned the ${f.product.name} within the 30-day window and the warehouse scanned it in unused. Under refund policy §2 that is a full refund of ${a(x)}; the customer has ${f.refundsLastYear === 0 ? "no earlier refunds" : "only occasional earlier refunds"} on record.`,
    (f, x) => `Parcel ${f.tracking} went back to the sender after ${f.attempts} failed delivery attempt${f.attempts > 1 ? "s" : ""} and the customer declined a redelivery. Refund policy §2 allows a full refund of an undelivered order: ${a(x)}.`,
  ],
  evidence: (f, _x, rng) => [
    orderEvidence(f),
    rng.chance(0.5)
      ? { source: "returns_portal", ref: `RMA-${rng.digits(6)}`, summary: `Return received at the Venlo warehouse, condition graded A (unused).` }
      : tracking(f, `Last scan ${f.daysSilent} days ago; carrier case closed as "lost in transit".`),
    ...(rng.chance(0.6) ? [history(f)] : []),
    ...(rng.chance(0.5) ? [said(rng, "Customer asks for a refund rather than a replacement.")] : []),
  ],
  alternatives: [
    { action: "replacement.ship", whyNot: () => "The customer declined a replacement and asked for their money back." },
    { action: "voucher.issue", whyNot: () => "Refund policy §2 entitles the customer to a refund to their card, not store credit." },
    { action: "carrier.claim_open", whyNot: (f) => `${f.carrier.name} already closed its investigation; a new claim would only delay the customer.` },
  ],
  counterfactual: [
    (f) => `Had ${f.carrier.name} shown the parcel as delivered, I would have opened a carrier investigation instead of refunding.`,
    () => "If the warehouse had graded the return as used or damaged, I would have proposed a partial refund and asked a person to approve it.",
    () => "Had the customer already received a refund or replacement for this order, I would have declined and explained why.",
  ],
  rejected: [
    (f) => `The customer already had ${f.refundsLastYear + 1} refunds this year; the account needs a fraud review first.`,
    () => "Return not scanned in yet; the refund has to wait until the warehouse confirms receipt.",
    (f) => `${f.carrier.name} still shows the parcel in transit; opened a trace instead of refunding.`,
  ],
  edited: { factor: [0.5, 0.9], reason: (f) => `Partial refund only: the ${f.product.name} came back without its original packaging.` },
  overridden: [
    () => "The item was returned damaged; warehouse photos show it cannot be resold, so only a partial refund applies.",
    (f) => `Order ${f.order} had already been refunded by the payment team yesterday; this would have been a double refund.`,
    () => "Customer is on a business account: refunds go to the account balance, not the card.",
  ],
  replacement: (f, x) => ({ name: "account_credit.issue", target: { system: "billing", ref: `account/${f.member}` }, amount: { value: x ?? f.price, currency: "EUR" }, reversible: true }),
  reversed: [
    () => "Refund cancelled: the parcel was delivered after all (signed for by a neighbour).",
    () => "Duplicate of a refund the payment team issued the same day.",
    () => "Reversed after review: the return was never received at the warehouse.",
  ],
};

export const billingCredit: ActionSpec = {
  name: "billing.credit",
  system: "stripe",
  ref: (f) => `invoice/${f.order}`,
  reversible: true,
  amount: (_f, rng) => Math.round(rng.logNormal(22, 0.7) * 100) / 100,
  basis: { id: "billing-policy", version: "2", clause: "§3" },
  rationale: [
    (f, x) => `The customer was charged express shipping on order ${f.order} but the parcel went out standard. Billing policy §3 refunds the difference; crediting ${a(x)}.`,
    (f, x) => `The ${f.product.name} dropped in price two days after the customer bought it. Our 14-day price promise (billing policy §3) refunds the difference of ${a(x)}.`,
    (f, x) => `A promotion code the customer entered was not applied at checkout because of a known bug on the payment page (incident INC-${f.member.slice(2, 6)}). Crediting the ${a(x)} discount.`,
  ],
  evidence: (f, x, rng) => [
    { source: "payment_gateway", ref: `pi_${rng.hex(14)}`, summary: `Charge of ${euro(f.price + (x ?? 0))} captured on ${ordered(f)}.` },
    orderEvidence(f),
  ],
  alternatives: [{ action: "voucher.issue", whyNot: () => "The customer was overcharged; a voucher would not put the money back." }],
  counterfactual: [() => "If the price drop had been more than 14 days after purchase, the price promise would not apply."],
  rejected: [() => "The promotion expired before the order was placed.", () => "Price difference already credited on the previous contact."],
  edited: { factor: [0.4, 0.8], reason: () => "Credited the shipping difference only; the promotion did not apply to sale items." },
  overridden: [() => "Charge was correct: the customer chose express at checkout (confirmed in the order log)."],
  reversed: [() => "Credit reversed: duplicate of a credit the finance team applied manually."],
};

export const chargeReverse: ActionSpec = {
  name: "billing.charge_reverse",
  system: "stripe",
  ref: (f) => `charge/${f.order}`,
  reversible: true,
  amount: (f) => f.price,
  basis: { id: "billing-policy", version: "2", clause: "§4" },
  rationale: [
    (f, x) => `The card was charged twice for order ${f.order} (two captures 40 seconds apart, the second after a payment page timeout). Billing policy §4 reverses the duplicate; reversing ${a(x)}.`,
    (f, x) => `Order ${f.order} was cancelled before dispatch but the ${a(x)} authorisation was captured anyway. Reversing the charge under billing policy §4.`,
  ],
  evidence: (f, x, rng) => [
    { source: "payment_gateway", ref: `pi_${rng.hex(14)}`, summary: `Two captures of ${a(x)} on ${ordered(f)}, 40 seconds apart.` },
    orderEvidence(f),
    ...(rng.chance(0.5) ? [said(rng, "Customer shares a bank statement showing both charges.")] : []),
  ],
  alternatives: [{ action: "billing.dispute_open", whyNot: () => "The duplicate is plain in our own payment log; a dispute would take weeks." }],
  counterfactual: [() => "If only one capture had been in the payment log, I would have asked the customer for their bank statement."],
  rejected: [() => "The second charge is a separate order placed from the same account.", () => "Bank has already reversed it after the customer's chargeback."],
  edited: { factor: [0.3, 0.7], reason: () => "Only the shipping part of the charge was duplicated." },
  overridden: [() => "Not a duplicate: the customer placed two orders (the second for a gift)."],
  reversed: [() => "Reversal returned by the bank: the card was replaced; refunded by bank transfer instead."],
};

export const voucherIssue: ActionSpec = {
  name: "voucher.issue",
  system: "loyalty",
  ref: (f) => `member/${f.member}`,
  reversible: true,
  amount: (_f, rng) => rng.weighted([[10, 22], [15, 26], [20, 20], [25, 16], [30, 7], [40, 5], [50, 4]]),
  basis: { id: "goodwill-policy", version: "1", clause: "§1" },
  rationale: [
    (f, x) => `Order ${f.order} arrived ${f.daysSilent - 2} days late and the customer had to chase us twice. Goodwill policy §1 allows a voucher after a late delivery that needed more than one contact; issuing ${a(x)} valid for 6 months.`,
    (_f, x) => `The customer waited 40 minutes on the phone last week and the issue was still not solved. Goodwill policy §1 covers a ${a(x)} voucher for repeated service failures.`,
    (f, x) => `The ${f.product.name} was missing a part and the customer had to wait a week for it. A ${a(x)} apology voucher, as goodwill policy §1 suggests for incomplete deliveries.`,
  ],
  evidence: (f, _x, rng) => [
    { source: "crm", ref: `customer/${f.member}`, summary: `${rng.int(2, 4)} contacts about this order in ${rng.int(5, 12)} days.` },
    history(f),
  ],
  alternatives: [
    { action: "refund.shipping_fee", whyNot: () => "Shipping was free on this order." },
    { action: "loyalty.points_credit", whyNot: () => "The customer is not a loyalty member." },
  ],
  counterfactual: [() => "If this had been the first contact about the issue, I would have apologised without compensation.", () => "A voucher over €25 would have needed a supervisor."],
  rejected: [() => "Customer already received a goodwill voucher for this order.", () => "The delay was caused by the customer's own address error."],
  edited: { factor: [0.5, 0.75], reason: () => "Reduced: a voucher was already given last month for a similar delay." },
  overridden: [() => "Already compensated by phone yesterday; cancelled the second voucher."],
  reversed: [() => "Voucher cancelled: duplicate goodwill for the same incident."],
};

export const shippingFeeRefund: ActionSpec = {
  name: "refund.shipping_fee",
  system: "stripe",
  ref: (f) => `order/${f.order}`,
  reversible: true,
  amount: (_f, rng) => rng.pick([4.95, 5.95, 7.95, 9.95]),
  basis: { id: "refund-policy", version: "3", clause: "§5" },
  rationale: [
    (f, x) => `Order ${f.order} was sent with express delivery but arrived ${f.daysSilent - 3} days after the promised date. Refund policy §5 refunds the ${a(x)} shipping fee when the delivery promise is missed.`,
    (_f, x) => `The customer paid ${a(x)} for next-day delivery and the parcel took four days. Refunding the shipping fee as refund policy §5 allows.`,
  ],
  evidence: (f) => [orderEvidence(f), tracking(f, "Delivered 3 days after the promised date.")],
  alternatives: [{ action: "voucher.issue", whyNot: () => "The policy refunds the fee itself; a voucher is for service failures beyond the fee." }],
  counterfactual: [() => "Had the parcel arrived within a day of the promise, I would have apologised without a refund."],
  rejected: [() => "Delay was the customer's missed first delivery, not ours."],
  overridden: [() => "Shipping was already refunded as part of the order refund."],
  reversed: [() => "Refund reversed: already refunded by the payment team."],
};

export const pointsCredit: ActionSpec = {
  name: "loyalty.points_credit",
  system: "loyalty",
  ref: (f) => `member/${f.member}`,
  reversible: true,
  basis: { id: "goodwill-policy", version: "1", clause: "§2" },
  rationale: [
    (f) => `Member ${f.member}'s points for order ${f.order} were never credited because of the loyalty sync outage. Crediting the missing ${Math.round(f.price * 10)} points, as goodwill policy §2 provides.`,
    () => "The customer is a Gold member and their delivery was late; goodwill policy §2 offers 500 bonus points in that case.",
  ],
  evidence: (f) => [{ source: "loyalty", ref: `member/${f.member}`, summary: "Points for the last order missing from the ledger." }, orderEvidence(f)],
  alternatives: [{ action: "voucher.issue", whyNot: () => "Points are what the customer asked for and cost less." }],
  counterfactual: [() => "If the loyalty ledger had shown the points, I would have explained where to find them."],
  rejected: [() => "Points were credited this morning by the nightly job."],
  overridden: [() => "Points already credited by the sync fix."],
  reversed: [() => "Duplicate credit removed after the sync job caught up."],
};

export const returnLabel: ActionSpec = {
  name: "return.label_issue",
  system: "returns_portal",
  ref: (f) => `order/${f.order}`,
  reversible: false,
  basis: { id: "refund-policy", version: "3", clause: "§1.3" },
  rationale: [
    (f) => `The customer wants to return the ${f.product.name} from order ${f.order}, ordered ${ordered(f)} and inside the 30-day window. Sent a prepaid ${f.carrier.name} return label; the refund follows when the warehouse receives it.`,
    (f) => `The ${f.product.name} is the wrong size for the customer's bed. Returns within 30 days are free (refund policy §1.3); emailed a return label.`,
  ],
  evidence: (f) => [orderEvidence(f), { source: "returns_portal", summary: "Item eligible for free return until day 30." }],
  alternatives: [{ action: "refund.issue", whyNot: () => "Policy refunds on receipt of the return, not before." }],
  counterfactual: [() => "If the order had been older than 30 days, I would have explained the warranty route instead."],
  rejected: [() => "Custom-made item, not returnable."],
  overridden: [() => "Bulky item: booked a courier collection instead of a label."],
  reversed: [() => "Label voided: customer decided to keep the item."],
};
