// What the demo AI knows about a case when it decides, the shape of an action it can take, and the
// evidence snippets its explanations share.
import type { Action, Decision } from "@/lib/events/schema";
import { CARRIERS, euro, orderNumber, PRODUCTS, shopPrice, type Carrier, type Product } from "./catalogue";
import type { Random } from "./random";
import { DAY, shortDate } from "./timeline";

/** What the AI knows about the case when it decides. */
export interface Facts {
  order: string;
  product: Product;
  price: number;
  carrier: Carrier;
  tracking: string;
  orderedAt: number;
  /** When the AI decides. */
  now: number;
  attempts: number;
  daysSilent: number;
  ordersLastYear: number;
  refundsLastYear: number;
  member: string;
}

export function caseFacts(rng: Random, now: number): Facts {
  const product = rng.pick(PRODUCTS);
  const carrier = rng.pick(CARRIERS);
  return {
    order: orderNumber(rng),
    product,
    price: shopPrice(rng, product.price),
    carrier,
    tracking: carrier.tracking(rng),
    orderedAt: now - rng.int(2, 18) * DAY - rng.int(0, 86_399) * 1000,
    now,
    attempts: rng.int(1, 3),
    daysSilent: rng.int(4, 12),
    ordersLastYear: rng.int(1, 14),
    refundsLastYear: rng.weighted([[0, 70], [1, 22], [2, 6], [3, 2]]),
    member: `M-${rng.digits(6)}`,
  };
}

export type Text = (f: Facts, amount: number | undefined, rng: Random) => string;
export type Evidence = NonNullable<Decision["evidence"]>[number];

export interface ActionSpec {
  name: string;
  system: string;
  ref: (f: Facts) => string;
  reversible: boolean;
  amount?: (f: Facts, rng: Random) => number;
  /** The business rule the AI applies, quoted as `decision.policy`. */
  basis: { id: string; version: string; clause: string };
  rationale: readonly Text[];
  evidence: (f: Facts, amount: number | undefined, rng: Random) => Evidence[];
  alternatives: readonly { action: string; whyNot: Text }[];
  counterfactual: readonly Text[];
  rejected: readonly Text[];
  edited?: { factor: readonly [number, number]; reason: Text };
  overridden: readonly Text[];
  replacement?: (f: Facts, amount: number | undefined) => Action;
  reversed: readonly Text[];
}

export const a = (x: number | undefined) => euro(x ?? 0);
export const ordered = (f: Facts) => shortDate(f.orderedAt);
export const history = (f: Facts): Evidence => ({
  source: "crm",
  ref: `customer history`,
  summary: `${f.ordersLastYear} order${f.ordersLastYear === 1 ? "" : "s"} in the last 12 months, ${f.refundsLastYear === 0 ? "no refunds" : `${f.refundsLastYear} refund${f.refundsLastYear === 1 ? "" : "s"}`}; no fraud flags.`,
});
export const orderEvidence = (f: Facts): Evidence => ({
  source: "order_system",
  ref: `order/${f.order}`,
  summary: `${f.product.name}, ${euro(f.price)}, ordered ${ordered(f)}, paid by card; nothing refunded so far.`,
});
export const tracking = (f: Facts, what: string): Evidence => ({ source: "carrier_tracking", ref: `${f.carrier.name} ${f.tracking}`, summary: what });
export const said = (rng: Random, what: string): Evidence => ({ source: "conversation", ref: `message ${rng.int(2, 6)}`, summary: what });
