// The explanation as headed sections, in reading order, shared by the page, the PDF and the JSON. A
// section is only emitted with content, and every value is a real string: a missing optional field
// becomes a sentence that says so, or no line at all, never "undefined" or an empty heading.
import type { Explanation, ExplanationSection } from "./types";
import { AUTONOMY_LABEL, percent, sentence, when } from "./words";

type Draft = Omit<Explanation, "sections">;

const humanize = (source: string) => sentence(source.replaceAll("_", " ")).replace(/\.$/, "");
const pct = (fraction: number) => percent(fraction, fraction < 0.1 && fraction > 0 ? 1 : 0);

function why(e: Draft): ExplanationSection | null {
  const paragraphs: string[] = [];
  // An execution of a proposal usually only says it carries it out; the reason is in the proposal.
  const proposed = e.proposal?.rationale && e.proposal.rationale !== e.rationale ? e.proposal.rationale : null;
  if (proposed) paragraphs.push(`When it proposed the action, the AI wrote: “${proposed}”`);
  if (e.rationale) paragraphs.push(`${proposed ? "When it carried it out, it wrote" : "In the AI's own words"}: “${e.rationale}”`);
  const facts = e.evidence.map((item) => ({ label: item.ref ? `${humanize(item.source)} (${item.ref})` : humanize(item.source), value: item.summary }));
  if (facts.length === 0) paragraphs.push("The AI cited no evidence for this decision.");
  else paragraphs.push(`It relied on ${facts.length === 1 ? "this evidence" : `these ${facts.length} pieces of evidence`}:`);
  return { id: "why", title: "Why the AI did it", paragraphs, ...(facts.length ? { facts } : {}) };
}

function authority(e: Draft): ExplanationSection {
  const a = e.authority;
  const facts: ExplanationSection["facts"] = [];
  if (a.autonomy) facts.push({ label: "Autonomy", value: AUTONOMY_LABEL[a.autonomy] });
  if (a.policy) facts.push({ label: "Policy in force", value: `${a.policy.id}, version ${a.policy.version}` });
  if (a.policy && a.clause) facts.push({ label: "Clause", value: a.clause });
  else if (a.policy && a.basis === "default") facts.push({ label: "Clause", value: "None: no rule grants this action, so the policy's default applies" });
  else if (a.policy && a.basis === "cap") facts.push({ label: "Clause", value: "None: a cap in the policy set the limit" });
  if (a.maxAutonomy) facts.push({ label: "Allowed at most", value: AUTONOMY_LABEL[a.maxAutonomy] });
  if (a.cited && !(a.policy && a.cited === a.clause)) facts.push({ label: "Cited by the AI", value: a.cited });
  const result = { within: "Within its authority", beyond: "Beyond its authority", "no-policy": "Not checked: no policy in force", unavailable: "Check unavailable", "not-checked": "Not checked: a person decides" }[a.status];
  facts.push({ label: "Check", value: result });
  const paragraphs = [a.sentence];
  if (a.reasons.length > 1) paragraphs.push(`Also considered: ${a.reasons.slice(1).join("; ")}.`);
  return { id: "authority", title: "Under what authority", paragraphs, facts };
}

function confidence(e: Draft): ExplanationSection | null {
  const c = e.confidence;
  if (!c) return null;
  const band = `${percent(c.band.from)}–${percent(c.band.to)}`;
  const stated = `The AI stated a confidence of ${pct(c.value)}.`;
  const history =
    c.reviewed === 0 || c.rate === null
      ? `No other AI decision at ${band} confidence in this workspace has been open to review yet, so there is no override rate to compare it with.`
      : `Of ${c.reviewed.toLocaleString("en-GB")} other AI decision${c.reviewed === 1 ? "" : "s"} at ${band} confidence in this workspace that people reviewed or could have, ${c.overridden.toLocaleString("en-GB")} (${pct(c.rate)}) ${c.overridden === 1 ? "was" : "were"} rejected, edited, overridden or reversed.`;
  return { id: "confidence", title: "How sure it was", paragraphs: [stated, history] };
}

function alternatives(e: Draft): ExplanationSection | null {
  if (e.alternatives.length === 0 && !e.counterfactual) return null;
  const n = e.alternatives.length;
  const paragraphs = [n === 0 ? "The AI recorded no other options it considered." : `It considered ${n === 1 ? "one other option" : `${n} other options`} and set ${n === 1 ? "it" : "them"} aside:`];
  const facts = e.alternatives.map((alt) => ({ label: alt.action, value: alt.whyNot }));
  if (e.counterfactual) facts.push({ label: "What would have changed the decision", value: e.counterfactual });
  return { id: "alternatives", title: "What else it considered", paragraphs, facts };
}

function humans(e: Draft): ExplanationSection {
  if (e.humans.length === 0) {
    const none =
      e.type === "ai.proposal"
        ? "No decision on this proposal has been recorded yet."
        : e.authority.autonomy === "autonomous"
          ? "No person reviewed, overrode or reversed this action; it was taken autonomously."
          : "No person has reviewed, overridden or reversed this action so far.";
    const paragraphs = [none];
    if (e.proposal) paragraphs.unshift(`It carried out a proposal the AI made on ${when(e.proposal.occurredAt)}.`);
    return { id: "humans", title: "What people did", paragraphs };
  }
  const facts = e.humans.map((h) => ({ label: when(h.occurredAt), value: h.sentence, href: h.type === "action.executed" ? `/actions/${h.eventId}` : undefined }));
  const paragraphs = e.proposal ? [`It carried out a proposal the AI made on ${when(e.proposal.occurredAt)}. What happened around it:`] : [];
  return { id: "humans", title: "What people did", paragraphs, facts: facts.map(({ href, ...f }) => (href ? { ...f, href } : f)) };
}

function outcome(e: Draft): ExplanationSection {
  const facts = e.outcome.at ? [{ label: "Outcome recorded", value: when(e.outcome.at) }] : [];
  return { id: "outcome", title: "Outcome of the case", paragraphs: [e.outcome.sentence], ...(facts.length ? { facts } : {}) };
}

function accountability(e: Draft): ExplanationSection {
  const facts = [
    { label: "Accountable", value: e.accountability.party },
    { label: "Case", value: e.caseId },
    { label: "Reference", value: e.eventId },
  ];
  if (e.accountability.contestUrl) facts.push({ label: "Contest", value: e.accountability.contestUrl });
  return { id: "accountability", title: "Who is accountable, and how to contest", paragraphs: [e.accountability.sentence], facts };
}

function ai(e: Draft): ExplanationSection {
  const facts = [{ label: "Agent", value: e.ai.agent }];
  if (e.ai.version) facts.push({ label: "Version", value: e.ai.version });
  if (e.ai.model) facts.push({ label: "Model", value: `${e.ai.model.provider} ${e.ai.model.name} (${e.ai.model.version})` });
  const paragraphs = e.ai.version || e.ai.model ? [] : ["The AI did not report its version or model."];
  return { id: "ai", title: "The AI that acted", paragraphs, facts };
}

function proof(e: Draft): ExplanationSection {
  const p = e.proof;
  const facts = [
    { label: "Ledger entry", value: `#${p.seq.toLocaleString("en-GB")} in workspace ${e.workspaceId}` },
    { label: "Hash", value: p.hash },
    { label: "Previous hash", value: p.prevHash },
  ];
  if (p.checkpoint) {
    facts.push({ label: "Covering checkpoint", value: `${p.checkpoint.treeSize.toLocaleString("en-GB")} entries, signed ${when(p.checkpoint.signedAt)} by key ${p.checkpoint.keyId}` });
    facts.push({ label: "Checkpoint root", value: p.checkpoint.rootHash });
  }
  if (p.inclusion) facts.push({ label: "Inclusion proof", value: `${p.inclusion.path.length} sibling hashes for leaf ${p.inclusion.leafIndex.toLocaleString("en-GB")} of ${p.inclusion.treeSize.toLocaleString("en-GB")}` });
  const v = e.verification;
  facts.push({ label: "Verification", value: v.summary });
  const paragraphs = [
    v.status === "failed"
      ? "Verification failed. This record does not match what was written to the ledger, so the explanation above may describe altered data."
      : v.status === "partial"
        ? "The record matches its hash and its place in the hash chain. It will be provable against a signed checkpoint once the next one is signed."
        : "The record is exactly what was written: it matches its hash, its place in the hash chain, and a checkpoint signed with the ledger's key.",
  ];
  return { id: "proof", title: "Ledger proof", paragraphs, facts };
}

export function buildSections(e: Draft): ExplanationSection[] {
  return [why(e), authority(e), confidence(e), alternatives(e), humans(e), outcome(e), accountability(e), ai(e), proof(e)].filter(
    (s): s is ExplanationSection => s !== null && (s.paragraphs.length > 0 || (s.facts?.length ?? 0) > 0),
  );
}

/** The explanation as plain text: the title and the sentence, then each section. Used by tests and the PDF's text layer. */
export function explanationText(e: Pick<Explanation, "title" | "sentence" | "sections">): string {
  const lines = [e.title, e.sentence, ""];
  for (const s of e.sections) {
    lines.push(s.title, ...s.paragraphs);
    for (const f of s.facts ?? []) lines.push(`${f.label}: ${f.value}`);
    lines.push("");
  }
  return lines.join("\n");
}


