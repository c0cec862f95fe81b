import { TableScroll } from "@/components/ui/table-scroll";
import type { CheckpointItem } from "@/lib/compliance/overview";

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const count = new Intl.NumberFormat("en-GB");

/** Signed tree heads, newest first; each note is shown verbatim on demand, as an auditor would check it. */
export function CheckpointsTable({ checkpoints }: { checkpoints: CheckpointItem[] }) {
  return (
    <TableScroll>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">Signed checkpoints, newest first</caption>
        <thead>
          <tr className="border-b border-line text-left text-muted">
            <th scope="col" className="px-3 py-2 text-right font-medium">Tree size</th>
            <th scope="col" className="px-3 py-2 font-medium">Signed (UTC)</th>
            <th scope="col" className="px-3 py-2 font-medium">Root hash (hex)</th>
            <th scope="col" className="px-3 py-2 font-medium">Key id</th>
            <th scope="col" className="px-3 py-2 font-medium">Signed note</th>
          </tr>
        </thead>
        <tbody>
          {checkpoints.map((cp) => (
            <tr key={cp.treeSize} className="border-b border-line align-top last:border-0">
              <th scope="row" className="px-3 py-2 text-right font-medium tabular-nums">{count.format(cp.treeSize)}</th>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">{dateTime.format(new Date(cp.createdAt))}</td>
              <td className="px-3 py-2 font-mono text-xs" title={cp.rootHash}>{cp.rootHash.slice(0, 20)}…</td>
              <td className="px-3 py-2 font-mono text-xs">{cp.keyId}</td>
              <td className="px-3 py-2">
                <details>
                  <summary className="cursor-pointer text-brand">Show<span className="sr-only"> the signed note of tree size {count.format(cp.treeSize)}</span></summary>
                  <p className="mt-1 text-xs text-muted">The root is in base64 here, as the checkpoint format requires.</p>
                  <pre className="mt-2 max-w-md overflow-x-auto whitespace-pre rounded bg-gray-50 p-2 font-mono text-xs">{cp.note}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
