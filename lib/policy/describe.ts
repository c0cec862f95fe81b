// A policy as people read it on the settings page: conditions and clauses in words, and the document
// as the YAML an admin edits. Plain functions, no database.
import { stringify } from "yaml";
import type { ClauseRef, Conditions, PolicyDocument } from "./schema";

const number = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 6 });

/** `amount ≤ 75 EUR · confidence ≥ 0.8 · journey: refund or billing`; "always" without conditions. */
export function describeConditions(when: Conditions | undefined): string {
  const parts: string[] = [];
  if (when?.amount) parts.push(`amount ≤ ${number.format(when.amount.max)} ${when.amount.currency}`);
  if (when?.confidence) parts.push(`confidence ≥ ${number.format(when.confidence.min)}`);
  if (when?.journeys) parts.push(`journey: ${when.journeys.join(" or ")}`);
  return parts.length > 0 ? parts.join(" · ") : "always";
}

/** `refund-policy v3 §2.2`, as explanations quote it. */
export function describeClause(clause: ClauseRef | undefined | null): string | null {
  if (!clause) return null;
  return `${clause.id} v${clause.version}${clause.clause ? ` ${clause.clause}` : ""}`;
}

/** The document as YAML, in the field order of docs/policy.md, long text kept on one line. */
export function policyToYaml(document: PolicyDocument): string {
  // Lifting the last cap leaves `caps: []`; it says nothing, so it is left out.
  const { caps, ...rest } = document;
  return stringify(caps && caps.length > 0 ? document : rest, { lineWidth: 0 });
}

/** What the publish form starts with when a workspace has no policy yet. */
export const STARTER_POLICY = `# No policy is in force in this workspace yet. Edit this example, say why, and publish it.
# Autonomy levels, lowest first: assist < approve < supervised < autonomous.
id: decision-authority
title: Who may decide what
rules:
  - pattern: "*"                 # every action...
    maxAutonomy: approve         # ...only after a person approved it
  - pattern: refund.*            # every action whose name starts with "refund."
    maxAutonomy: autonomous
    when:
      amount: { max: 75, currency: EUR }
      confidence: { min: 0.8 }
    clause: { id: refund-policy, version: 1, clause: "§2" }
`;
