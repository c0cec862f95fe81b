// What the demo AI can do, by journey: each action's target, amount, the business rule it applies,
// and templates for its rationale, evidence, alternatives and counterfactual (in actions-*.ts), plus
// the words people use when they reject, edit, override or reverse it.
import { addressUpdate, emailUpdate, subscriptionCancel } from "./actions-account";
import { carrierClaim, deliveryReschedule, replacementShip } from "./actions-logistics";
import { billingCredit, chargeReverse, pointsCredit, refundIssue, returnLabel, shippingFeeRefund, voucherIssue } from "./actions-money";
import type { ActionSpec, Text } from "./facts";
import type { Journey } from "./story";
import { DAY, shortDate } from "./timeline";

export { caseFacts, type ActionSpec, type Facts } from "./facts";

export const ACTIONS = {
  refundIssue,
  replacementShip,
  carrierClaim,
  deliveryReschedule,
  orderAddress: addressUpdate("order.address_update"),
  accountAddress: addressUpdate("account.address_update"),
  emailUpdate,
  subscriptionCancel,
  billingCredit,
  chargeReverse,
  voucherIssue,
  shippingFeeRefund,
  pointsCredit,
  returnLabel,
} as const;

/** What each journey's customers need: an action, or `null` for a question the AI just answers. */
export const NEEDS: Record<Journey, readonly (readonly [ActionSpec | null, number])[]> = {
  order_status: [[null, 62], [deliveryReschedule, 22], [ACTIONS.orderAddress, 16]],
  delivery_failure: [[null, 18], [deliveryReschedule, 22], [refundIssue, 22], [replacementShip, 24], [carrierClaim, 14]],
  refund: [[refundIssue, 72], [returnLabel, 24], [null, 4]],
  billing_dispute: [[billingCredit, 52], [chargeReverse, 33], [null, 15]],
  account_change: [[ACTIONS.accountAddress, 44], [emailUpdate, 24], [subscriptionCancel, 22], [null, 10]],
  service_recovery: [[voucherIssue, 50], [shippingFeeRefund, 25], [pointsCredit, 25]],
};

/** How the AI answers a question that needs no action, per journey. */
export const ANSWERS: Record<Journey, readonly Text[]> = {
  order_status: [
    (f) => `Told the customer order ${f.order} left the warehouse on ${shortDate(f.orderedAt + DAY)} with ${f.carrier.name} (${f.tracking}) and is due ${shortDate(f.now + DAY)}.`,
    (f) => `Order ${f.order} is being packed and will ship tomorrow; shared the tracking link.`,
  ],
  delivery_failure: [
    (f) => `${f.carrier.name} shows parcel ${f.tracking} delayed at the depot; told the customer it will arrive by ${shortDate(f.now + 2 * DAY)}.`,
    (f) => `Told the customer the parcel is with ${f.carrier.name}'s local depot and will be delivered on the next round.`,
  ],
  refund: [(f) => `Explained that the refund for order ${f.order} was issued on ${shortDate(f.now - 2 * DAY)} and takes 3–5 banking days to show.`],
  billing_dispute: [() => "Explained that the pending authorisation will drop off the statement within 7 days; no money was taken."],
  account_change: [() => "Walked the customer through changing their marketing preferences in the account page."],
  service_recovery: [() => "Apologised and confirmed the replacement part ships today."],
};
