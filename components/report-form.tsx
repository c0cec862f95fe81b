"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { offerDownload } from "@/components/offer-download";
import { refusalMessage } from "@/lib/api/refusal";
import { filenameFromDisposition } from "@/lib/export/disposition";

// Without JavaScript the form is a plain GET to the report route and the browser downloads the PDF (or
// shows the error's JSON); with it, a refusal ("this month starts on …") is shown beside the form.

type State = { phase: "idle" } | { phase: "running" } | { phase: "error"; message: string };

export function ReportForm({ workspace, defaultMonth }: { workspace: string; defaultMonth: string }) {
  const [state, setState] = useState<State>({ phase: "idle" });

  async function run(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget)) if (typeof value === "string" && value !== "") params.set(key, value);
    setState({ phase: "running" });
    try {
      const response = await fetch(`/api/v1/reports/regulator?${params.toString()}`);
      if (!response.ok) {
        throw new Error(await refusalMessage(response));
      }
      const url = URL.createObjectURL(await response.blob());
      offerDownload(url, filenameFromDisposition(response.headers.get("content-disposition"), "warrant-report.pdf"));
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ phase: "idle" });
    } catch (error) {
      setState({ phase: "error", message: (error as Error).message });
    }
  }

  return (
    <form method="get" action="/api/v1/reports/regulator" onSubmit={run} className="space-y-3 rounded-lg border border-line bg-white p-5">
      <input type="hidden" name="workspace" value={workspace} />
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="report-month" className="text-sm font-medium">Month</label>
          {/* No max: a month that has not begun is refused by the server, whose message says which and why. */}
          <input id="report-month" name="month" type="month" required defaultValue={defaultMonth} className="rounded-md border border-gray-300 px-3 py-2 text-sm" />
        </div>
        <Button type="submit" disabled={state.phase === "running"}>{state.phase === "running" ? "Preparing the report…" : "Download report (PDF)"}</Button>
      </div>
      <p className="text-xs text-muted">The current month is reported up to the moment you download it, and the PDF says it is in progress.</p>
      {state.phase === "error" && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-danger">
          {state.message}
        </p>
      )}
    </form>
  );
}
