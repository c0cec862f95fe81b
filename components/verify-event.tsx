"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { refusalMessage } from "@/lib/api/refusal";

interface Check {
  status: "pass" | "fail" | "pending";
  detail: string;
}
interface Result {
  status: "verified" | "partial" | "failed";
  summary: string;
  checks: { hash: Check; link: Check; checkpoint: Check };
  checkedAt: string;
}

const CHECKS = [
  ["hash", "Hash: the record is what was hashed"],
  ["link", "Link: its place in the hash chain"],
  ["checkpoint", "Checkpoint: included in a signed tree head"],
] as const;
const MARK = { pass: "✓", fail: "✗", pending: "…" } as const;
const TONE = { pass: "text-ok", fail: "text-danger", pending: "text-amber-700" } as const;

/** "Verify this event": asks the server to recompute the hash, the links and the inclusion proof now, and shows each check. */
export function VerifyEvent({ eventId, workspace }: { eventId: string; workspace: string }) {
  const [state, setState] = useState<{ kind: "idle" } | { kind: "busy" } | { kind: "done"; result: Result } | { kind: "error"; message: string }>({ kind: "idle" });

  async function verify() {
    setState({ kind: "busy" });
    try {
      const response = await fetch(`/api/v1/events/${encodeURIComponent(eventId)}/proof?workspace=${encodeURIComponent(workspace)}`, { cache: "no-store" });
      if (!response.ok) throw new Error(await refusalMessage(response));
      const body = await response.json();
      setState({ kind: "done", result: body.verification as Result });
    } catch (error) {
      setState({ kind: "error", message: (error as Error).message });
    }
  }

  return (
    <div className="space-y-3">
      <Button type="button" variant="secondary" onClick={verify} disabled={state.kind === "busy"}>
        {state.kind === "busy" ? "Verifying…" : state.kind === "done" ? "Verify again" : "Verify this event"}
      </Button>
      <div aria-live="polite">
        {state.kind === "error" && <p className="text-sm text-danger">Could not verify: {state.message}</p>}
        {state.kind === "done" && (
          <div className={`rounded-md border p-3 ${state.result.status === "failed" ? "border-red-300 bg-red-50" : state.result.status === "partial" ? "border-amber-300 bg-amber-50" : "border-green-300 bg-green-50"}`}>
            <p className="font-semibold">{state.result.summary}</p>
            <ul className="mt-2 space-y-1 text-sm" aria-label="Verification checks">
              {CHECKS.map(([key, label]) => {
                const check = state.result.checks[key];
                return (
                  <li key={key} className="flex gap-2">
                    <span aria-hidden className={`w-4 font-bold ${TONE[check.status]}`}>
                      {MARK[check.status]}
                    </span>
                    <span>
                      <span className="font-medium">
                        {label} — {check.status === "pass" ? "passed" : check.status === "fail" ? "FAILED" : "pending"}
                      </span>
                      <span className="block text-muted">{check.detail}</span>
                    </span>
                  </li>
                );
              })}
            </ul>
            <p className="mt-2 text-xs text-muted">Checked {new Date(state.result.checkedAt).toUTCString()}</p>
          </div>
        )}
      </div>
    </div>
  );
}
