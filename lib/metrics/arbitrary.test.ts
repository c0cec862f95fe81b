import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateEvents } from "@/lib/events/validate";
import { arbitraryEventStream, arbitraryScenario } from "./arbitrary";
import { viewLedger } from "./ledger-view";
import { resolveMetricsQuery } from "./types";

describe("arbitraryEventStream", () => {
  it("generates streams the event contract accepts, with unique ids and parents in the same workspace", () => {
    fc.assert(
      fc.property(arbitraryEventStream(), (stream) => {
        const events = stream.map((e) => e.event);
        for (let i = 0; i < events.length; i += 1000) {
          const result = validateEvents(events.slice(i, i + 1000));
          expect(result.ok ? [] : result.issues).toEqual([]);
        }
        const ids = new Set(stream.map((e) => `${e.workspace}/${e.event.id}`));
        expect(ids.size).toBe(stream.length);
        for (const { workspace, event } of stream)
          if (event.parentId !== undefined) expect(ids.has(`${workspace}/${event.parentId}`)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("covers what the KPIs look at", () => {
    // Over a sample, every event type, ties, repeat contacts and both workspaces show up.
    const sample = fc.sample(arbitraryEventStream(), { numRuns: 100, seed: 42 }).flat();
    const types = new Set(sample.map((e) => e.event.type));
    expect(types.size).toBe(10);
    expect(new Set(sample.map((e) => e.workspace)).size).toBe(2);
    expect(sample.some((e) => e.event.type === "case.opened" && e.event.contact > 1 && e.event.customerRef)).toBe(true);
    const view = viewLedger(sample);
    const ties = [...view.cases.values()].some((events) => events.some((e, i) => i > 0 && events[i - 1]!.at === e.at));
    expect(ties).toBe(true);
    expect(sample.some((e) => /[+-]\d{2}:\d{2}$/.test(e.event.occurredAt))).toBe(true);
  });

  it("pairs streams with queries the metrics query schema accepts", () => {
    fc.assert(
      fc.property(arbitraryScenario(), ({ query }) => {
        expect(() => resolveMetricsQuery(query)).not.toThrow();
      }),
      { numRuns: 100 },
    );
  });
});
