import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { exampleByType, overrideJourney, refundJourney } from "./examples";
import { validateEvents } from "./validate";

const docs = readFileSync(fileURLToPath(new URL("../../docs/events.md", import.meta.url)), "utf8");

describe("examples", () => {
  it("are valid events", () => {
    expect(validateEvents([...refundJourney, ...overrideJourney]).ok).toBe(true);
  });

  it("have unique ids, and parents that exist earlier in their journey", () => {
    for (const journey of [refundJourney, overrideJourney]) {
      const seen = new Set<string>();
      for (const event of journey) {
        if (event.parentId) expect(seen.has(event.parentId), `${event.type} ${event.id}`).toBe(true);
        expect(seen.has(event.id)).toBe(false);
        seen.add(event.id);
      }
    }
  });

  it.each(Object.entries(exampleByType))("of %s appear verbatim in docs/events.md", (type, event) => {
    expect(docs).toContain(`### \`${type}\``);
    expect(docs).toContain(JSON.stringify(event, null, 2));
  });
});
