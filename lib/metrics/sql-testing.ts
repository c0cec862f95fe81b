// Helpers shared by the SQL metrics tests: load events through the real ledger path, and compare two
// results exactly except for the float sums the documentation allows a tolerance on.
import { expect } from "vitest";
import { appendEvents } from "@/lib/ledger/append";
import type { Ledger } from "@/lib/ledger/context";
import type { WorkspaceEvent } from "./ledger-view";

/**
 * Appends the events in ledger order, each workspace's in `batches` slices (to exercise incremental
 * projection: reactions arriving in a later transaction than what they answer).
 */
export async function loadEvents(ledger: Ledger, events: readonly WorkspaceEvent[], rename = (w: string) => w, cuts: number[] = []) {
  const byWorkspace = new Map<string, WorkspaceEvent["event"][]>();
  for (const { workspace, event } of events) byWorkspace.set(workspace, [...(byWorkspace.get(workspace) ?? []), event]);
  for (const [workspace, list] of byWorkspace) {
    const edges = [...new Set(cuts.map((c) => Math.floor(c * list.length)))].filter((c) => c > 0 && c < list.length).sort((a, b) => a - b);
    let start = 0;
    for (const end of [...edges, list.length]) {
      await appendEvents(ledger, rename(workspace), list.slice(start, end));
      start = end;
    }
  }
}

/** Float means and the calibration error are sums of doubles; everything else must match exactly. */
const TOLERANT = new Set(["meanConfidence", "ece"]);

export function expectSameKpis(actual: unknown, expected: unknown, path = "kpis") {
  if (typeof expected === "number" && typeof actual === "number" && TOLERANT.has(path.split(".").at(-1)!)) {
    expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(1e-9);
    return;
  }
  if (expected === null || typeof expected !== "object") {
    expect(actual, path).toEqual(expected);
    return;
  }
  expect(actual, path).toBeTypeOf("object");
  expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) expectSameKpis((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
}
