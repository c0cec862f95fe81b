// Plain-language building blocks for explanations: actions as verbs, money, autonomy, policy citations.
// Pure functions over the event contract, so the page, the PDF and the tests all read the same words.
import type { Autonomy } from "@/lib/events/constants";
import type { Action } from "@/lib/events/schema";

/** €42.00, $5.50, CHF 12.00: the currency's own symbol where English has one. `limit` drops ".00" from whole limits (€50). */
export function money(value: number, currency: string, limit = false): string {
  const digits = limit && Number.isInteger(value) ? 0 : 2;
  try {
    return new Intl.NumberFormat("en-GB", { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: 2 }).format(value);
  } catch {
    return `${value.toFixed(digits)} ${currency}`;
  }
}

/** A quotation that ends a sentence: “text.” (the full stop inside, never “text.”.). */
export function quoted(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? `“${t}”` : `“${t}.”`;
}

export const percent = (fraction: number, digits = 0) => `${(fraction * 100).toFixed(digits)}%`;

// Base verb → [past, gerund]. An action name is `object.verb` (or `object.qualifier_verb`).
const VERBS: Record<string, [string, string]> = {
  issue: ["issued", "issuing"],
  cancel: ["cancelled", "cancelling"],
  update: ["updated", "updating"],
  ship: ["shipped", "shipping"],
  reschedule: ["rescheduled", "rescheduling"],
  open: ["opened", "opening"],
  close: ["closed", "closing"],
  send: ["sent", "sending"],
  apply: ["applied", "applying"],
  create: ["created", "creating"],
  credit: ["credited", "crediting"],
  reverse: ["reversed", "reversing"],
  reset: ["reset", "resetting"],
  pause: ["paused", "pausing"],
  resume: ["resumed", "resuming"],
  waive: ["waived", "waiving"],
  extend: ["extended", "extending"],
  change: ["changed", "changing"],
  block: ["blocked", "blocking"],
  unblock: ["unblocked", "unblocking"],
  escalate: ["escalated", "escalating"],
  approve: ["approved", "approving"],
  reject: ["rejected", "rejecting"],
  replace: ["replaced", "replacing"],
  book: ["booked", "booking"],
  schedule: ["scheduled", "scheduling"],
  verify: ["verified", "verifying"],
  delete: ["deleted", "deleting"],
  remove: ["removed", "removing"],
  add: ["added", "adding"],
  grant: ["granted", "granting"],
  revoke: ["revoked", "revoking"],
  notify: ["notified", "notifying"],
};

// Verbs whose object reads better with "a" than "the" (something new is made rather than an existing thing changed).
const CREATES = new Set(["issue", "ship", "open", "create", "send", "book", "grant", "add"]);

const words = (segment: string) => segment.split("_").filter(Boolean);
const article = (noun: string) => (/^[aeiou]/i.test(noun) ? "an" : "a");

/**
 * "refund.issue" → "refunded €42.00"; "voucher.issue" → "issued a voucher of €15.00";
 * "order.address_update" → "updated the order address"; anything unknown → "took the action x.y".
 * The target follows ("on order 10442"). `gerund` gives "refunding …" for "proposed refunding …".
 */
// Whole action names whose words do not make a sentence by the object.verb rule: [past, gerund, how the
// amount attaches ("direct": "credited €21.68"; "of": "reversed the charge of €99.99")].
const NAMED: Record<string, [string, string, "direct" | "of"]> = {
  "billing.credit": ["credited", "crediting", "direct"],
  "billing.charge_reverse": ["reversed the charge", "reversing the charge", "of"],
  "billing.dispute_open": ["opened a billing dispute", "opening a billing dispute", "of"],
  "loyalty.points_credit": ["credited loyalty points", "crediting loyalty points", "of"],
  "delivery.pickup_point": ["redirected the delivery to a pickup point", "redirecting the delivery to a pickup point", "of"],
  "account.password_reset": ["reset the account password", "resetting the account password", "of"],
};

export function actionPhrase(action: Pick<Action, "name" | "amount" | "target">, form: "past" | "gerund" = "past"): string {
  const g = form === "gerund" ? 1 : 0;
  const named = NAMED[action.name];
  if (named) {
    const value = action.amount ? money(action.amount.value, action.amount.currency) : null;
    const target = targetPhrase(action.target);
    return `${named[g]}${value ? (named[2] === "direct" ? ` ${value}` : ` of ${value}`) : ""}${target ? ` ${target}` : ""}`;
  }
  const segments = action.name.split(".");
  const amount = action.amount ? money(action.amount.value, action.amount.currency) : null;
  const last = words(segments.at(-1) ?? "");
  const verb = last.at(-1) ?? "";
  const qualifier = last.slice(0, -1).join(" ");
  const object = segments.slice(0, -1).flatMap(words).join(" ");
  const target = targetPhrase(action.target);
  const refund = ["refunded", "refunding"][g];
  let phrase: string;
  if (segments[0] === "refund" && (verb === "issue" || segments.length === 1)) {
    phrase = `${refund}${amount ? ` ${amount}` : ""}`;
  } else if (segments[0] === "refund") {
    phrase = `${refund} the ${segments.slice(1).flatMap(words).join(" ")}${amount ? ` (${amount})` : ""}`;
  } else if (VERBS[verb] && object) {
    const noun = [object, qualifier].filter(Boolean).join(" ");
    const det = CREATES.has(verb) ? article(noun) : "the";
    phrase = `${VERBS[verb][g]} ${det} ${noun}${amount ? ` of ${amount}` : ""}`;
  } else {
    phrase = `${["took", "taking"][g]} the action ${action.name}${amount ? ` (${amount})` : ""}`;
  }
  return `${phrase}${target ? ` ${target}` : ""}`;
}

/** "order/10442" in shopify → "on order 10442"; a bare ref → "on shopify record X". */
export function targetPhrase(target: Action["target"] | undefined): string {
  if (!target) return "";
  const slash = target.ref.indexOf("/");
  if (slash > 0) return `on ${target.ref.slice(0, slash).replaceAll("_", " ")} ${target.ref.slice(slash + 1)}`;
  return `on ${target.system} record ${target.ref}`;
}

/** How the AI acted, as a clause after the main verb. */
export const AUTONOMY_CLAUSE: Record<Autonomy, string> = {
  autonomous: "acting autonomously",
  supervised: "acting on its own with a person reviewing afterwards",
  approve: "after a person approved it",
  assist: "as a suggestion for a person to carry out",
};

/** The same, as a main clause: "it acted autonomously". */
export const AUTONOMY_ACTED: Record<Autonomy, string> = {
  autonomous: "it acted autonomously",
  supervised: "it acted on its own with a person reviewing afterwards",
  approve: "it acted after a person approved",
  assist: "it only suggested the action for a person to carry out",
};

/** What a policy grant of this level allows, as an ending: "…refunds up to €75 without approval". */
export const GRANT_CLAUSE: Record<Autonomy, string> = {
  autonomous: "without approval",
  supervised: "if a person reviews afterwards",
  approve: "only after a person approves",
  assist: "only as a suggestion for a person to carry out",
};

export const AUTONOMY_LABEL: Record<Autonomy, string> = {
  autonomous: "autonomous (the AI acts alone)",
  supervised: "supervised (the AI acts, a person reviews after)",
  approve: "approve (the AI acts after a person approves)",
  assist: "assist (the AI suggests, a person acts)",
};

/** "refund-policy v3 §2.2": the id, the version with a "v" unless it has one, the clause with a "§". */
export function cite(ref: { id: string; version: string | number; clause?: string | null }): string {
  const version = String(ref.version);
  const v = /^v/i.test(version) ? version : `v${version}`;
  const clause = ref.clause ? ` ${ref.clause.startsWith("§") ? ref.clause : `§${ref.clause}`}` : "";
  return `${ref.id} ${v}${clause}`;
}

/**
 * "refund.*" → "any refund action"; "order.cancel" → "cancelling the order"; "*" → "any action".
 * A prefix is never pluralised: a domain word takes no plural by rule ("delivery", "billing", "loyalty").
 */
export function patternNoun(pattern: string): string {
  if (pattern === "*") return "any action";
  if (pattern.endsWith(".*")) return `any ${pattern.slice(0, -2).split(".").flatMap(words).join(" ")} action`;
  const phrase = actionPhrase({ name: pattern }, "gerund");
  return phrase.startsWith("taking the action") ? pattern : phrase;
}

const REASON_MAX = 280;

/**
 * The first sentence of a rationale as a quotation that ends a sentence: “The carrier lost it.”
 * Quoted rather than spliced after "because": the AI writes in any person and form ("I moved the
 * delivery…", "Damaged on arrival, photo supplied."), and only a quotation reads right with all of
 * them. A first sentence longer than REASON_MAX is cut at a word and marked with "…".
 */
export function statedReason(rationale: string): string {
  const text = rationale.trim().replace(/\s+/g, " ");
  let first = text.split(/(?<=[.!?])\s+(?=[A-Z"“(])/)[0] ?? text;
  if (first.length > REASON_MAX) {
    const space = first.lastIndexOf(" ", REASON_MAX);
    first = `${first.slice(0, space > REASON_MAX / 2 ? space : REASON_MAX).replace(/[\s,;:.]+$/, "")}…`;
  }
  return quoted(first);
}

/** Sentence case and a final full stop. */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const capital = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export function joinList(items: string[], conjunction = "and"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items.at(-1)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}

/** 48000 → "48 seconds"; 5400000 → "1 hour 30 minutes". */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return plural(s, "second");
  const m = Math.floor(s / 60);
  if (m < 60) return plural(m, "minute");
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h < 48) return `${plural(h, "hour")}${rest ? ` ${plural(rest, "minute")}` : ""}`;
  return plural(Math.round(h / 24), "day");
}

/** "11 March 2025, 09:14 UTC". */
export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const time = d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
  return `${date}, ${time} UTC`;
}
