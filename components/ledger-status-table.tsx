import { TableScroll } from "@/components/ui/table-scroll";
import type { WorkspaceLedgerStatus } from "@/lib/ledger/status";

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const count = new Intl.NumberFormat("en-GB");

export function LedgerStatusTable({ rows }: { rows: WorkspaceLedgerStatus[] }) {
  return (
    <TableScroll>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">Ledger status per workspace</caption>
        <thead>
          <tr className="border-b border-line text-left text-muted">
            <th scope="col" className="px-3 py-2 font-medium">Workspace</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Events</th>
            <th scope="col" className="px-3 py-2 font-medium">Head hash</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Signed up to</th>
            <th scope="col" className="px-3 py-2 font-medium">Last checkpoint (UTC)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.workspace} className="border-b border-line last:border-0">
              <th scope="row" className="px-3 py-2 text-left font-medium">
                {row.name}
                {row.isDemo && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900">demo data</span>}
                <span className="block font-mono text-xs font-normal text-muted">{row.workspace}</span>
              </th>
              <td className="px-3 py-2 text-right tabular-nums">{count.format(row.events)}</td>
              <td className="px-3 py-2 font-mono text-xs" title={row.headHash ?? undefined}>
                {row.headHash ? `${row.headHash.slice(0, 16)}…` : "—"}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{count.format(row.checkpointSeq)}</td>
              <td className="px-3 py-2">{row.lastCheckpointAt ? dateTime.format(row.lastCheckpointAt) : "not yet signed"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
