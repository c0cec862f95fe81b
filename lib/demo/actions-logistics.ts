// The demo's logistics actions: replacements, carrier claims and rescheduled deliveries.
import { a, orderEvidence, said, tracking, type ActionSpec } from "./facts";
import { DAY, shortDate } from "./timeline";

export const replacementShip: ActionSpec = {
  name: "replacement.ship",
  system: "shopify",
  ref: (f) => `order/${f.order}`,
  reversible: true,
  amount: (f) => f.price,
  basis: { id: "delivery-policy", version: "5", clause: "§3" },
  rationale: [
    (f, x) => `${f.carrier.name} lost parcel ${f.tracking} and the ${f.product.name} is in stock. Delivery policy §3 lets us ship a replacement at no charge when a parcel is lost; the customer wants the item rather than a refund. Replacement value ${a(x)}, express shipping.`,
    (f) => `The ${f.product.name} arrived broken (customer sent photos of the shattered box). Delivery policy §3 covers transport damage with a free replacement; the customer does not need to return the damaged item.`,
    (f) => `Tracking ${f.tracking} has not moved for ${f.daysSilent} days, which delivery policy §3 treats as lost. Stock is available at the Venlo warehouse, so I am sending a replacement today.`,
  ],
  evidence: (f, _x, rng) => [
    orderEvidence(f),
    rng.chance(0.5) ? tracking(f, `No scan for ${f.daysSilent} days after "arrived at depot".`) : { source: "conversation", ref: `attachment ${rng.int(1, 3)}`, summary: "Photos show the item broken inside an intact outer box." },
    { source: "inventory", ref: `SKU FH-${rng.digits(5)}`, summary: `${rng.int(4, 180)} units in stock at the Venlo warehouse.` },
  ],
  alternatives: [
    { action: "refund.issue", whyNot: () => "The customer still wants the item and it is in stock." },
    { action: "carrier.claim_open", whyNot: () => "A carrier claim takes 10 working days; the policy lets us replace first and claim afterwards." },
  ],
  counterfactual: [
    () => "If the item were out of stock I would have offered a refund instead.",
    () => "Had this been the customer's third damaged delivery this year, I would have asked a person to review the account first.",
  ],
  rejected: [
    () => "This SKU is being discontinued; offer a refund instead of a replacement.",
    (f) => `${f.carrier.name} delivered the parcel this morning according to the driver's scan.`,
  ],
  edited: { factor: [1, 1], reason: () => "Approved, but switched to standard shipping: express is not available to this postcode." },
  overridden: [
    () => "Customer called back to say the parcel arrived; cancelled the replacement before it left the warehouse.",
    () => "Second claim this month on the same address; replacement on hold pending a carrier investigation.",
  ],
  reversed: [() => "Replacement cancelled: the original parcel was delivered the next day.", () => "Warehouse could not pick the item (stock count was wrong); refunded instead."],
};

export const carrierClaim: ActionSpec = {
  name: "carrier.claim_open",
  system: "carrier_portal",
  ref: (f) => `${f.carrier.name.toLowerCase()}/${f.tracking}`,
  reversible: false,
  basis: { id: "delivery-policy", version: "5", clause: "§4" },
  rationale: [
    (f) => `Parcel ${f.tracking} has had no scan for ${f.daysSilent} days. Delivery policy §4 asks us to open a trace with ${f.carrier.name} before replacing or refunding, so I opened one and told the customer we will update them within 3 working days.`,
    (f) => `${f.carrier.name} marked the parcel as delivered but the customer says nothing arrived and no neighbour has it. Opening a proof-of-delivery claim under delivery policy §4.`,
  ],
  evidence: (f, _x, rng) => [tracking(f, `Last event: "out for delivery", ${f.daysSilent} days ago.`), orderEvidence(f), ...(rng.chance(0.5) ? [said(rng, "Customer checked with neighbours and the building's parcel room.")] : [])],
  alternatives: [{ action: "replacement.ship", whyNot: () => "The parcel may still turn up; policy asks for a trace first when it has been missing under 14 days." }],
  counterfactual: [() => "If the parcel had been missing for more than 14 days I would have replaced it straight away."],
  rejected: [() => "Trace already open from the customer's previous contact."],
  overridden: [() => "Trace is pointless here: the carrier confirmed the depot fire; replaced the order instead."],
  reversed: [() => "Claim withdrawn: the customer found the parcel with the building concierge."],
};

export const deliveryReschedule: ActionSpec = {
  name: "delivery.reschedule",
  system: "carrier_portal",
  ref: (f) => `${f.carrier.name.toLowerCase()}/${f.tracking}`,
  reversible: true,
  basis: { id: "delivery-policy", version: "5", clause: "§2" },
  rationale: [
    (f) => `The customer missed ${f.carrier.name}'s delivery attempt and asked for ${shortDate(f.now + 2 * DAY)} instead. Delivery policy §2 allows one free rescheduling; I booked the new slot and sent the confirmation.`,
    (f) => `Parcel ${f.tracking} is held at the depot after ${f.attempts} attempt${f.attempts > 1 ? "s" : ""}. I rescheduled delivery for ${shortDate(f.now + DAY)} between 08:00 and 12:00, which the customer confirmed suits them.`,
    (f) => `The customer will be away until ${shortDate(f.now + 3 * DAY)}; I moved the delivery to that day with ${f.carrier.name} so the parcel is not returned to sender.`,
  ],
  evidence: (f, _x, rng) => [tracking(f, `Delivery attempt failed: "recipient not at home". Parcel held at depot for 7 days.`), said(rng, "Customer asks for delivery on a specific day.")],
  alternatives: [
    { action: "delivery.pickup_point", whyNot: () => "The nearest pickup point is 6 km away and the customer has no car." },
    { action: "refund.issue", whyNot: () => "The customer still wants the item." },
  ],
  counterfactual: [() => "If the parcel had already been rescheduled once, I would have offered a pickup point instead."],
  rejected: [() => "Carrier does not deliver on Saturdays in this region; offered a pickup point."],
  overridden: [(f) => `${f.carrier.name} cannot hold the parcel that long; arranged pickup point delivery instead.`],
  reversed: [() => "Slot cancelled by the carrier (depot closure); rebooked by hand."],
};
