import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { refundJourney } from "@/lib/events/examples";
import { canonicalEvent, encodeRecord, encodeRecordAround, entryHash, genesisHash } from "./chain";

describe("ledger records", () => {
  it("builds the record around a canonical event exactly as canonicalising the whole record would", () => {
    fc.assert(
      fc.property(fc.constantFrom(...refundJourney), fc.string(), fc.nat(), fc.string(), (event, workspace, seq, receivedAt) => {
        const envelope = { workspace, seq: String(seq), id: event.id, receivedAt };
        expect(encodeRecordAround(canonicalEvent(event), envelope)).toBe(encodeRecord({ v: 1, ...envelope, event }));
      }),
    );
  });

  it("chains hashes from a per-workspace genesis", () => {
    expect(genesisHash("a").equals(genesisHash("b"))).toBe(false);
    const record = encodeRecord({ v: 1, workspace: "a", seq: "1", id: refundJourney[0].id, receivedAt: "2026-01-01T00:00:00.000Z", event: refundJourney[0] });
    expect(entryHash(genesisHash("a"), record).toString("hex")).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(genesisHash("a"), record).equals(entryHash(genesisHash("b"), record))).toBe(false);
  });
});
