import { TableScroll } from "@/components/ui/table-scroll";
import type { AccessLogItem } from "@/lib/auth/access-log-view";

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

function describe(details: Record<string, unknown> | null): string {
  if (!details) return "";
  return Object.entries(details)
    .filter(([key]) => key !== "actorId" && key !== "userId")
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(", ") : String(value)}`)
    .join(" · ");
}

export function AccessLogTable({ entries }: { entries: AccessLogItem[] }) {
  return (
    <TableScroll>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">Access log, newest first</caption>
        <thead>
          <tr className="border-b border-line text-left text-muted">
            <th scope="col" className="px-3 py-2 font-medium">When (UTC)</th>
            <th scope="col" className="px-3 py-2 font-medium">Who</th>
            <th scope="col" className="px-3 py-2 font-medium">What</th>
            <th scope="col" className="px-3 py-2 font-medium">Target</th>
            <th scope="col" className="px-3 py-2 font-medium">From</th>
            <th scope="col" className="px-3 py-2 font-medium">Workspace</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={`${e.workspace}-${e.id}`} className="border-b border-line align-top last:border-0">
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">{dateTime.format(new Date(e.at))}</td>
              <td className="px-3 py-2">{e.actor}</td>
              <th scope="row" className="px-3 py-2 text-left font-normal">
                <span className="font-mono text-xs">{e.action}</span>
                {e.details && <span className="block text-xs text-muted">{describe(e.details)}</span>}
              </th>
              <td className="px-3 py-2 text-xs">{e.target ?? "—"}</td>
              <td className="px-3 py-2 font-mono text-xs">{e.ip ?? "—"}</td>
              <td className="px-3 py-2 font-mono text-xs">{e.workspace === "_system" ? "—" : e.workspace}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
