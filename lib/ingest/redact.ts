import type { WarrantEvent } from "@/lib/events/schema";

/**
 * Masks personal data in free-text fields before an event is hashed and stored: once in the
 * ledger, nothing can be removed. A safety net, not a licence: clients should send pseudonymous
 * references (`customerRef`) and keep raw PII out of rationales in the first place.
 */
export interface RedactionRule {
  name: string;
  pattern: RegExp;
  /** Extra check on a match (e.g. Luhn for card numbers) to keep false positives down. */
  accept?: (match: string) => boolean;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export const BUILT_IN_RULES: Record<string, RedactionRule> = {
  email: { name: "email", pattern: /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/g },
  // 13–19 digits, optionally grouped by spaces or dashes, passing the Luhn check.
  card: {
    name: "card",
    pattern: /\b\d(?:[ -]?\d){12,18}\b/g,
    accept: (match) => luhn(match.replace(/\D/g, "")),
  },
  // International (+…), national trunk-prefixed (0…) and North American (555-123-4567) forms;
  // dates, order numbers and grouped card-like digits are left alone.
  phone: {
    name: "phone",
    pattern: /(?<![\w+])(?:\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){1,4}[ .-]?\d{2,4}|\(?0\d{1,4}\)?[ .-]\d{3,4}[ .-]?\d{3,4}|\(\d{3}\) ?\d{3}-\d{4}|\d{3}-\d{3}-\d{4})(?!\w)/g,
    accept: (match) => match.replace(/\D/g, "").length >= 8,
  },
};

export const DEFAULT_RULES = [BUILT_IN_RULES.email, BUILT_IN_RULES.card, BUILT_IN_RULES.phone];

/** Rules from configuration: built-in names, "off", and custom patterns `name=/regex/`. */
export function rulesFromConfig(names: string | undefined, custom: string | undefined): RedactionRule[] {
  if (names?.trim() === "off") return [];
  const rules = names ? names.split(",").map((n) => {
    const rule = BUILT_IN_RULES[n.trim()];
    if (!rule) throw new Error(`WARRANT_REDACT: unknown rule '${n.trim()}'; built in: ${Object.keys(BUILT_IN_RULES).join(", ")}, or off`);
    return rule;
  }) : [...DEFAULT_RULES];
  for (const entry of (custom ?? "").split(/\n|;;/).map((s) => s.trim()).filter(Boolean)) {
    const match = /^([a-z0-9_-]+)=\/(.+)\/([a-z]*)$/i.exec(entry);
    if (!match) throw new Error(`WARRANT_REDACT_PATTERNS: '${entry}' is not name=/regex/flags`);
    rules.push({ name: match[1], pattern: new RegExp(match[2], match[3].includes("g") ? match[3] : `${match[3]}g`) });
  }
  return rules;
}

export function redactText(text: string, rules: RedactionRule[]): { text: string; masked: number } {
  let masked = 0;
  let out = text;
  for (const rule of rules) {
    out = out.replace(rule.pattern, (match) => {
      if (rule.accept && !rule.accept(match)) return match;
      masked += 1;
      return `[redacted:${rule.name}]`;
    });
  }
  return { text: out, masked };
}

// The free-text fields of the contract: where people and models write prose, and PII slips in.
type Text = { text?: string };
function textFields(event: Record<string, unknown>): [Record<string, unknown>, string][] {
  const fields: [Record<string, unknown>, string][] = [];
  const add = (holder: unknown, key: string) => {
    if (holder && typeof holder === "object" && typeof (holder as Record<string, unknown>)[key] === "string") fields.push([holder as Record<string, unknown>, key]);
  };
  const decision = event.decision as Record<string, unknown> | undefined;
  if (decision) {
    add(decision, "rationale");
    add(decision, "counterfactual");
    for (const item of (decision.evidence as unknown[] | undefined) ?? []) add(item, "summary");
    for (const item of (decision.alternatives as unknown[] | undefined) ?? []) add(item, "whyNot");
  }
  add(event, "reason");
  return fields;
}

/** Returns a redacted copy of the event (the input is not changed) and how many values were masked. */
export function redactEvent(event: WarrantEvent, rules: RedactionRule[]): { event: WarrantEvent; masked: number } {
  if (rules.length === 0) return { event, masked: 0 };
  // Most events carry no PII: look first, and copy only when something must be masked.
  const found = textFields(event as unknown as Record<string, unknown>).some(([holder, key]) => redactText(holder[key] as string, rules).masked > 0);
  if (!found) return { event, masked: 0 };
  const copy = structuredClone(event) as unknown as Record<string, unknown> & Text;
  let masked = 0;
  for (const [holder, key] of textFields(copy)) {
    const result = redactText(holder[key] as string, rules);
    holder[key] = result.text;
    masked += result.masked;
  }
  return { event: copy as unknown as WarrantEvent, masked };
}
