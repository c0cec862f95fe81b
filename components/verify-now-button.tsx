"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { refusalMessage } from "@/lib/api/refusal";

type State =
  | { phase: "idle" }
  | { phase: "running"; checked: number; total: number }
  | { phase: "done"; ok: boolean; message: string }
  | { phase: "error"; message: string };

const count = new Intl.NumberFormat("en-GB");

interface ResultLine {
  type: "result";
  ok: boolean;
  checked: number;
  checkpoints: { verified: number };
  firstBadSeq?: number;
  kind?: string;
  reason?: string;
}

/** Verifies the workspace's ledger now, showing how far it has got, then refreshes the page's "last verification". */
export function VerifyNowButton({ workspace }: { workspace: string }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ phase: "idle" });

  async function verify() {
    setState({ phase: "running", checked: 0, total: 0 });
    try {
      const response = await fetch(`/api/v1/ledger/verify?workspace=${encodeURIComponent(workspace)}`, {
        method: "POST",
        headers: { accept: "application/x-ndjson" },
      });
      if (!response.ok || !response.body) {
        throw new Error(await refusalMessage(response));
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = "";
      let result: ResultLine | null = null;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += value;
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines.filter(Boolean)) {
          const message = JSON.parse(line) as { type: string; checked?: number; total?: number; message?: string };
          if (message.type === "progress") setState({ phase: "running", checked: message.checked ?? 0, total: message.total ?? 0 });
          else if (message.type === "error") throw new Error(message.message);
          else if (message.type === "result") result = message as ResultLine;
        }
      }
      if (!result) throw new Error("The verification stopped before it finished.");
      setState(
        result.ok && result.checked === 0
          ? { phase: "done", ok: true, message: "Verified: the ledger is empty, so there is nothing to recompute yet." }
          : result.ok
          ? { phase: "done", ok: true, message: `Verified: all ${count.format(result.checked)} entries recomputed and ${count.format(result.checkpoints.verified)} signed checkpoints checked. Nothing was changed.` }
          : { phase: "done", ok: false, message: `Verification failed at entry ${result.firstBadSeq} (${result.kind}): ${result.reason}` },
      );
      router.refresh();
    } catch (error) {
      setState({ phase: "error", message: (error as Error).message });
    }
  }

  const running = state.phase === "running";
  return (
    <div className="space-y-3">
      <Button onClick={verify} disabled={running}>
        {running ? "Verifying…" : "Verify now"}
      </Button>
      {running && (
        <div className="space-y-1">
          <progress className="h-2 w-full max-w-md" aria-label="Verification progress" max={Math.max(state.total, 1)} value={state.checked} />
          <p className="text-sm text-muted" aria-live="polite">
            {state.total > 0 ? `Checked ${count.format(state.checked)} of ${count.format(state.total)} entries…` : "Reading the checkpoints…"}
          </p>
        </div>
      )}
      {state.phase === "done" && (
        <p role="status" className={`rounded-md border px-3 py-2 text-sm ${state.ok ? "border-green-200 bg-green-50 text-ok" : "border-red-200 bg-red-50 text-danger"}`}>
          {state.message}
        </p>
      )}
      {state.phase === "error" && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-danger">
          {state.message}
        </p>
      )}
    </div>
  );
}
