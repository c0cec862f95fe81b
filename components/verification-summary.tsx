import { Badge } from "@/components/ui/badge";
import { TableScroll } from "@/components/ui/table-scroll";
import type { VerificationRun } from "@/lib/ledger/verification-runs";

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const count = new Intl.NumberFormat("en-GB");
const seconds = (run: VerificationRun) => ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1);

/** The last verification in one sentence, then the few before it. */
export function VerificationSummary({ runs }: { runs: VerificationRun[] }) {
  const [last, ...earlier] = runs;
  if (!last) {
    return (
      <p className="text-sm">
        <Badge tone="warn">Never verified</Badge> <span className="ml-1 text-muted">No verification of this workspace has been recorded yet.</span>
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <p className="text-sm" data-testid="last-verification">
        <Badge tone={last.ok ? "ok" : "danger"}>{last.ok ? "Verified" : "Failed"}</Badge>{" "}
        <span className="ml-1">
          Last verified {dateTime.format(new Date(last.finishedAt))} UTC by <strong>{last.actor}</strong>
          {last.ok && last.checked === 0
            ? ": the ledger was empty, so there was nothing to recompute yet."
            : last.ok
            ? `: all ${count.format(last.checked)} entries recomputed, ${count.format(last.checkpointsVerified)} signed checkpoints checked (${seconds(last)} s).`
            : `: the chain breaks at entry ${last.firstBadSeq} (${last.kind}). ${last.reason ?? ""}`}
        </span>
      </p>
      {last.warnings.length > 0 && (
        <ul className="list-disc pl-5 text-xs text-amber-900">
          {last.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {earlier.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer text-brand">Earlier verifications</summary>
          <TableScroll className="mt-2">
            <table className="w-full border-collapse bg-white text-sm">
              <caption className="sr-only">Earlier verifications, newest first</caption>
              <thead>
                <tr className="border-b border-line text-left text-muted">
                  <th scope="col" className="px-3 py-1.5 font-medium">When (UTC)</th>
                  <th scope="col" className="px-3 py-1.5 font-medium">Who</th>
                  <th scope="col" className="px-3 py-1.5 font-medium">Result</th>
                  <th scope="col" className="px-3 py-1.5 text-right font-medium">Entries</th>
                </tr>
              </thead>
              <tbody>
                {earlier.map((run) => (
                  <tr key={run.id} className="border-b border-line last:border-0">
                    <td className="px-3 py-1.5 tabular-nums">{dateTime.format(new Date(run.finishedAt))}</td>
                    <td className="px-3 py-1.5">{run.actor} <span className="text-xs text-muted">({run.via})</span></td>
                    <td className="px-3 py-1.5">{run.ok ? <Badge tone="ok">Verified</Badge> : <Badge tone="danger">Failed at {run.firstBadSeq}</Badge>}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{count.format(run.checked)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </details>
      )}
    </div>
  );
}
