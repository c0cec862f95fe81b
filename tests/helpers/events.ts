import { randomUUID } from "node:crypto";
import type { WarrantEvent } from "@/lib/events/schema";

const JOURNEYS = ["order_status", "delivery_failure", "billing_dispute", "refund"];

/** `n` valid, varied events for ledger tests that do not care about their meaning. */
export function sampleEvents(n: number, start = 0): WarrantEvent[] {
  return Array.from({ length: n }, (_, k) => {
    const i = start + k;
    const common = {
      id: randomUUID(),
      occurredAt: new Date(Date.UTC(2026, 9, 1) + i * 60_000).toISOString().replace("Z", "+00:00"),
      caseId: `case-${Math.floor(i / 4)}`,
      journey: JOURNEYS[i % JOURNEYS.length],
      channel: "chat" as const,
    };
    if (i % 2 === 0) {
      return { ...common, type: "case.opened", actor: { type: "customer", id: `cust-${i}` }, contact: 1 + (i % 3) } as WarrantEvent;
    }
    return {
      ...common,
      type: "action.executed",
      actor: { type: "ai", id: "refund-agent", version: "gpt-x/prompt-7/policy-3" },
      action: { name: "refund.issue", amount: { value: 10 + (i % 50) + 0.5, currency: "EUR" } },
      autonomy: "autonomous",
      decision: { rationale: `Parcel ${i} was lost in transit; the refund policy allows it.`, confidence: (i % 10) / 10 },
    } as WarrantEvent;
  });
}
