"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { offerDownload } from "@/components/offer-download";
import { refusalMessage } from "@/lib/api/refusal";
import { filenameFromDisposition } from "@/lib/export/disposition";

// Without JavaScript the form is a plain GET to the export route and the browser downloads the file.
// With it, "Export" reads the response in the page to show how many events have arrived, and so holds
// the whole file in the tab's memory until it is saved; "Download directly" is the plain GET again, which
// the browser writes to disk as it arrives (its own downloads list shows the progress): the one to use
// for exports of hundreds of megabytes.

type Progress =
  | { phase: "idle" }
  | { phase: "running"; rows: number; bytes: number; total: number }
  | { phase: "done"; rows: number; bytes: number; filename: string; url: string; format: string }
  | { phase: "error"; message: string };

const count = new Intl.NumberFormat("en-GB");
const size = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

const FORMATS = [
  { value: "bundle", label: "Verifiable bundle", hint: "Events with their hashes, proofs, the signed checkpoint and the public key: anyone can check it offline." },
  { value: "csv", label: "CSV", hint: "For spreadsheets; formulas are neutralised." },
  { value: "jsonl", label: "JSON lines", hint: "One event per line, the hashed record verbatim." },
];

function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split("-").map(Number);
  const to = new Date(Date.UTC(y, m, 1));
  return { from: `${month}-01`, to: to.toISOString().slice(0, 10) };
}

/** The month (YYYY-MM) that From and To cover exactly, or "" once they are edited into another period. */
function monthOf(range: { from: string; to: string }): string {
  const month = range.from.slice(0, 7);
  return /^\d{4}-\d{2}-01$/.test(range.from) && monthRange(month).to === range.to ? month : "";
}


export function ExportForm({ workspace, eventTypes, defaultMonth, verifierKey }: { workspace: string; eventTypes: readonly string[]; defaultMonth: string; verifierKey: string }) {
  const form = useRef<HTMLFormElement>(null);
  const abort = useRef<AbortController | null>(null);
  const [progress, setProgress] = useState<Progress>({ phase: "idle" });
  const [format, setFormat] = useState("bundle");
  const initial = monthRange(defaultMonth);
  const [range, setRange] = useState(initial);

  function query(): string {
    const data = new FormData(form.current!);
    const params = new URLSearchParams();
    for (const [key, value] of data) if (typeof value === "string" && value.trim() !== "") params.set(key, value.trim());
    return params.toString();
  }

  async function run(event: React.FormEvent<HTMLFormElement>) {
    // "Download directly" submits the form as it is, and the browser downloads the answer itself.
    // An answer it refuses would replace this page with the error's JSON, so the one mistake the form
    // allows, a period that ends before it starts, is caught here first.
    const direct = (event.nativeEvent as SubmitEvent).submitter?.hasAttribute("data-direct");
    if (direct && !(range.from && range.to && range.from >= range.to)) return;
    event.preventDefault();
    if (direct) {
      setProgress({ phase: "error", message: "from: must be before to" });
      return;
    }
    if (progress.phase === "done") URL.revokeObjectURL(progress.url);
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ phase: "running", rows: 0, bytes: 0, total: 0 });
    try {
      const response = await fetch(`/api/v1/exports/events?${query()}`, { signal: controller.signal });
      if (!response.ok || !response.body) {
        throw new Error(await refusalMessage(response));
      }
      const total = Number(response.headers.get("x-warrant-total-events") ?? 0);
      const filename = filenameFromDisposition(response.headers.get("content-disposition"), `warrant-${workspace}.${format}`);
      setProgress({ phase: "running", rows: 0, bytes: 0, total });
      const reader = response.body.getReader();
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      let lines = 0;
      let shown = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parts.push(value as Uint8Array<ArrayBuffer>);
        bytes += value.length;
        for (let i = 0; i < value.length; i++) if (value[i] === 10) lines += 1;
        // Repaint at most ~10 times a second however fast the chunks come.
        if (performance.now() - shown > 100) {
          shown = performance.now();
          setProgress({ phase: "running", rows: Math.min(lines, total), bytes, total });
        }
      }
      const url = URL.createObjectURL(new Blob(parts, { type: response.headers.get("content-type") ?? "application/octet-stream" }));
      setProgress({ phase: "done", rows: total, bytes, filename, url, format });
      offerDownload(url, filename);
    } catch (error) {
      setProgress(controller.signal.aborted ? { phase: "idle" } : { phase: "error", message: (error as Error).message });
    } finally {
      abort.current = null;
    }
  }

  const running = progress.phase === "running";
  const field = "rounded-md border border-gray-300 bg-white px-3 py-2 text-sm";
  return (
    <form ref={form} action="/api/v1/exports/events" method="get" onSubmit={run} className="space-y-4 rounded-lg border border-line bg-white p-5">
      <input type="hidden" name="workspace" value={workspace} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Format</legend>
        <div className="grid grid-cols-1 gap-2 md:grid-cols-3">
          {FORMATS.map((f) => (
            <label key={f.value} className={`flex cursor-pointer gap-2 rounded-md border p-3 text-sm ${format === f.value ? "border-brand bg-blue-50" : "border-gray-300"}`}>
              <input type="radio" name="format" value={f.value} checked={format === f.value} onChange={() => setFormat(f.value)} className="mt-0.5" />
              <span>
                <span className="block font-medium">{f.label}</span>
                <span className="block text-xs text-muted">{f.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-4">
        <div className="flex flex-col gap-1">
          <label htmlFor="export-month" className="text-sm font-medium">Month</label>
          {/* No name: it only fills From and To, which are what is sent. */}
          <input id="export-month" type="month" value={monthOf(range)} className={field} onChange={(e) => e.target.value && setRange(monthRange(e.target.value))} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="export-from" className="text-sm font-medium">From (UTC, inclusive)</label>
          <input id="export-from" name="from" type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} className={field} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="export-to" className="text-sm font-medium">To (UTC, exclusive)</label>
          <input id="export-to" name="to" type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} className={field} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="export-type" className="text-sm font-medium">Event type</label>
          <select id="export-type" name="type" defaultValue="" className={field}>
            <option value="">All types</option>
            {eventTypes.map((t) => (
              <option key={t} value={t}>{t}</option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="export-journey" className="text-sm font-medium">Journey</label>
          <input id="export-journey" name="journey" placeholder="any" className={field} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="export-case" className="text-sm font-medium">Case id</label>
          <input id="export-case" name="case" placeholder="any" className={field} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="export-actor" className="text-sm font-medium">Actor id</label>
          <input id="export-actor" name="actor" placeholder="any" className={field} />
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <Button type="submit" disabled={running}>{running ? "Exporting…" : "Export"}</Button>
        {running ? (
          <Button type="button" variant="secondary" onClick={() => abort.current?.abort()}>
            Cancel
          </Button>
        ) : (
          <Button type="submit" variant="secondary" data-direct="" aria-describedby="export-direct-hint">
            Download directly
          </Button>
        )}
        <p id="export-direct-hint" className="max-w-2xl text-xs text-muted">
          Export shows its progress here and keeps the file in this tab until it is saved. Download directly saves it to disk as it
          arrives, with the progress in the browser&apos;s downloads: better for exports of hundreds of megabytes.
        </p>
      </div>
      <p className="text-xs text-muted">
        Clear From and To to export the whole ledger: a bundle is then the unbroken chain, checked link by link. With a period or a filter,
        every event in the bundle carries its own Merkle proof against the signed checkpoint.
      </p>
      {running && (
        <div className="space-y-1">
          <progress className="h-2 w-full" aria-label="Export progress" max={Math.max(progress.total, 1)} value={progress.rows} />
          <p className="text-sm text-muted" aria-live="polite">
            {progress.bytes === 0
              ? "Preparing the export (for a bundle: signing a checkpoint and reading the Merkle tree)…"
              : `Received ${count.format(progress.rows)} of ${count.format(progress.total)} events (${size(progress.bytes)})`}
          </p>
        </div>
      )}
      {progress.phase === "done" && (
        <div role="status" className="space-y-2 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-ok">
          <p>
            Exported {count.format(progress.rows)} events ({size(progress.bytes)}) as{" "}
            <a href={progress.url} download={progress.filename} className="font-medium underline">
              {progress.filename}
            </a>
            .
          </p>
          {progress.format === "bundle" && (
            <p className="text-ink">
              Anyone can check it without Warrant&apos;s database:{" "}
              <code className="break-all font-mono text-xs">npx warrant verify-bundle {progress.filename} --key {verifierKey}</code>
            </p>
          )}
        </div>
      )}
      {progress.phase === "error" && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-danger">
          {progress.message}
        </p>
      )}
    </form>
  );
}
