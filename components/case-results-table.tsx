import Link from "next/link";
import { TableScroll } from "@/components/ui/table-scroll";
import { summariseAi } from "@/lib/cases/ai-summary";
import type { CaseHit } from "@/lib/cases/search";
import { plural } from "@/lib/explain/words";
import { OutcomeBadge } from "./outcome-badge";
import { Snippet } from "./snippet";

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const MATCHED = { case: "case id", customer: "customer reference", text: "words" } as const;

export function CaseResultsTable({ cases, workspace }: { cases: CaseHit[]; workspace: string }) {
  const q = `?workspace=${encodeURIComponent(workspace)}`;
  return (
    <TableScroll>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">Matching cases, most recent activity first</caption>
        <thead>
          <tr className="border-b border-line text-left text-muted">
            <th scope="col" className="px-3 py-2 font-medium">Case</th>
            <th scope="col" className="px-3 py-2 font-medium">What the AI did</th>
            <th scope="col" className="px-3 py-2 font-medium">Outcome</th>
            <th scope="col" className="px-3 py-2 font-medium">Last activity (UTC)</th>
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Explanation</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.caseId} className="border-b border-line align-top last:border-0 hover:bg-slate-50">
              <th scope="row" className="px-3 py-2 text-left font-normal">
                <Link href={`/cases/${encodeURIComponent(c.caseId)}${q}`} className="font-mono text-sm font-semibold text-brand underline-offset-2 hover:underline">
                  {c.caseId}
                </Link>
                <span className="block text-xs text-muted">
                  {c.journey.replaceAll("_", " ")} · {c.channel}
                  {c.customerRef ? ` · ${c.customerRef}` : ""}
                </span>
                {c.matchedOn && <span className="block text-xs text-muted">matched on {MATCHED[c.matchedOn]}</span>}
              </th>
              <td className="max-w-xl px-3 py-2">
                <AiCell hit={c} />
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                <OutcomeBadge outcome={c.outcome} resolvedBy={c.resolvedBy} />
                {c.handoffToHuman && <span className="block pt-1 text-xs text-muted">handed to a person</span>}
                {c.reopenedCount > 0 && <span className="block text-xs text-muted">reopened {c.reopenedCount}×</span>}
              </td>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">
                {dateTime.format(new Date(c.lastEventAt))}
                <span className="block text-xs text-muted">{plural(c.eventCount, "event")}</span>
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-right">
                {c.latestAiDecision ? (
                  <Link
                    href={`/actions/${c.latestAiDecision.eventId}${q}`}
                    className="inline-flex rounded-md bg-brand px-3 py-1.5 text-xs font-medium text-white hover:bg-blue-800"
                    aria-label={`Explain the AI's ${c.latestAiDecision.action ?? "decision"} in case ${c.caseId}`}
                  >
                    Explain AI action
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

// "What the AI did": only the AI's own proposals and actions; what people did is named as theirs.
function AiCell({ hit }: { hit: CaseHit }) {
  const ai = summariseAi(hit);
  return (
    <>
      {ai.decisions.map((d) => (
        <span key={d.label} className="block text-xs text-muted">
          {d.label}: <span className="font-mono">{d.actions.join(", ")}</span>
        </span>
      ))}
      {ai.none && <span className="block text-muted">{ai.none}</span>}
      {ai.withoutAi.length > 0 && (
        <span className="block text-xs text-muted">
          Done without the AI: <span className="font-mono">{ai.withoutAi.join(", ")}</span>
        </span>
      )}
      {hit.snippet && <Snippet parts={hit.snippet} />}
    </>
  );
}
