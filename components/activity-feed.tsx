"use client";

import Link from "next/link";
import { memo, useEffect, useMemo, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import type { ActivityItem } from "@/lib/cases/activity";

const MAX_ITEMS = 200; // the list never grows past this: older items fall off the end
const FLUSH_MS = 500; // incoming events are applied to the DOM at most twice a second, in one batch

const time = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC" });

const Row = memo(function Row({ item, workspace }: { item: ActivityItem; workspace: string }) {
  const breach = item.policy === "breach";
  const countermand = item.kind === "countermand";
  const tone = breach ? "border-l-danger bg-red-50" : countermand ? "border-l-amber-500 bg-amber-50" : "border-l-ai bg-white";
  return (
    <li className={`grid grid-cols-[7.5rem_1fr_auto] items-start gap-3 border-b border-line border-l-4 px-3 py-2 text-sm ${tone}`}>
      <time dateTime={item.occurredAt} className="tabular-nums text-muted">
        {time.format(new Date(item.occurredAt))}
      </time>
      <div className="min-w-0">
        <p className="truncate">
          <span className="font-medium">{countermand ? "" : "The AI "}</span>
          {item.summary}
        </p>
        <p className="flex flex-wrap gap-x-3 text-xs text-muted">
          <span className="font-mono">{item.caseId}</span>
          <span>{item.journey.replaceAll("_", " ")}</span>
          {item.action && <span className="font-mono">{item.action}</span>}
          {item.autonomy && <span>{item.autonomy}</span>}
          {item.confidence !== null && <span>confidence {Math.round(item.confidence * 100)}%</span>}
          <span>{item.actor}</span>
        </p>
      </div>
      <div className="flex items-center gap-2">
        {breach && <Badge tone="danger">Beyond policy</Badge>}
        {countermand && <Badge tone="warn">{item.type === "action.reversed" ? "Reversed" : item.type === "action.overridden" ? "Overridden" : "Rejected/edited"}</Badge>}
        {item.explainId && (
          <Link href={`/actions/${item.explainId}?workspace=${encodeURIComponent(workspace)}`} className="text-xs text-brand underline" aria-label={`Explain: ${item.summary}`}>
            Explain
          </Link>
        )}
      </div>
    </li>
  );
});

interface Filters {
  journey: string;
  action: string;
  autonomy: string;
  only: "" | "flagged";
}

const matches = (item: ActivityItem, f: Filters) =>
  (!f.journey || item.journey === f.journey) &&
  (!f.action || item.action === f.action) &&
  (!f.autonomy || item.autonomy === f.autonomy) &&
  (!f.only || item.policy === "breach" || item.kind === "countermand");

/**
 * AI activity as it arrives over server-sent events. Keeps up with any ingest rate: events are buffered
 * and applied in one state update per FLUSH_MS, the list is capped at MAX_ITEMS, and the server itself
 * sends only the newest items when it falls behind.
 */
export function ActivityFeed({ workspace, initial, after, journeys, actions }: { workspace: string; initial: ActivityItem[]; after: number; journeys: string[]; actions: string[] }) {
  const [items, setItems] = useState<ActivityItem[]>(() => [...initial].reverse().slice(0, MAX_ITEMS));
  const [paused, setPaused] = useState(false);
  const [status, setStatus] = useState<"connecting" | "live" | "reconnecting">("connecting");
  const [waiting, setWaiting] = useState(0);
  const [received, setReceived] = useState(0);
  const [skipped, setSkipped] = useState(false);
  const [filters, setFilters] = useState<Filters>({ journey: "", action: "", autonomy: "", only: "" });
  const buffer = useRef<ActivityItem[]>([]);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(() => {
    const source = new EventSource(`/api/v1/activity/stream?workspace=${encodeURIComponent(workspace)}&after=${after}`);
    source.onopen = () => setStatus("live");
    source.onerror = () => setStatus("reconnecting");
    source.addEventListener("activity", (message) => {
      const data = JSON.parse((message as MessageEvent<string>).data) as { items: ActivityItem[]; skipped: boolean };
      // Newest first; the buffer is capped too, so a paused page does not hoard memory.
      buffer.current = [...data.items.reverse(), ...buffer.current].slice(0, MAX_ITEMS);
      if (data.skipped) setSkipped(true);
    });
    const flush = setInterval(() => {
      if (buffer.current.length === 0) return;
      if (pausedRef.current) {
        setWaiting(buffer.current.length);
        return;
      }
      const incoming = buffer.current;
      buffer.current = [];
      setWaiting(0);
      setReceived((n) => n + incoming.length);
      setItems((current) => {
        const seen = new Set(incoming.map((i) => i.eventId));
        return [...incoming, ...current.filter((i) => !seen.has(i.eventId))].slice(0, MAX_ITEMS);
      });
    }, FLUSH_MS);
    return () => {
      clearInterval(flush);
      source.close();
    };
  }, [workspace, after]);

  const shown = useMemo(() => items.filter((i) => matches(i, filters)), [items, filters]);
  const flagged = useMemo(() => items.filter((i) => i.policy === "breach" || i.kind === "countermand").length, [items]);
  const set = (key: keyof Filters) => (event: React.ChangeEvent<HTMLSelectElement>) => setFilters((f) => ({ ...f, [key]: event.target.value }));
  const select = "rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm";

  return (
    <section aria-labelledby="feed-heading" className="space-y-3">
      <div className="flex flex-wrap items-end gap-3 rounded-lg border border-line bg-white p-3">
        <h2 id="feed-heading" className="sr-only">
          AI actions
        </h2>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Journey
          <select className={select} value={filters.journey} onChange={set("journey")}>
            <option value="">Any journey</option>
            {journeys.map((j) => (
              <option key={j} value={j}>
                {j.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Action
          <select className={select} value={filters.action} onChange={set("action")}>
            <option value="">Any action</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Autonomy
          <select className={select} value={filters.autonomy} onChange={set("autonomy")}>
            <option value="">Any autonomy</option>
            {["autonomous", "supervised", "approve", "assist", "proposal"].map((a) => (
              <option key={a} value={a}>
                {a === "proposal" ? "proposals (awaiting a person)" : a}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Show
          <select className={select} value={filters.only} onChange={set("only")}>
            <option value="">Everything</option>
            <option value="flagged">Only breaches and overrides</option>
          </select>
        </label>
        <button
          type="button"
          onClick={() => setPaused((p) => !p)}
          aria-pressed={paused}
          className="rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-gray-50"
        >
          {paused ? `Resume${waiting ? ` (${waiting} new)` : ""}` : "Pause"}
        </button>
        <p className="ml-auto flex items-center gap-2 text-sm text-muted" role="status">
          <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-full ${status === "live" && !paused ? "animate-pulse bg-ok" : status === "live" ? "bg-gray-400" : "bg-amber-500"}`} />
          {paused ? "Paused" : status === "live" ? "Live" : status === "connecting" ? "Connecting…" : "Reconnecting…"} · {received} received · {flagged} flagged
        </p>
      </div>
      {skipped && <p className="text-sm text-muted">Activity arrived faster than a page can show; only the newest items are listed.</p>}
      {shown.length === 0 ? (
        <p className="rounded-lg border border-dashed border-gray-300 bg-white p-6 text-sm text-muted">
          {items.length === 0 ? "No AI actions yet. They appear here the moment they are recorded." : "No recent AI action matches these filters."}
        </p>
      ) : (
        <ol aria-label="AI actions, newest first" className="overflow-hidden rounded-lg border border-line">
          {shown.map((item) => (
            <Row key={item.eventId} item={item} workspace={workspace} />
          ))}
        </ol>
      )}
      <p className="text-xs text-muted">The newest {MAX_ITEMS} items are kept; older ones are in Cases.</p>
    </section>
  );
}
