import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvents } from "@/lib/ledger/append";
import { parseNote } from "@/lib/ledger/note";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";
import { listCheckpoints } from "./overview";

describe.each(ENGINES)("the Compliance page's checkpoints (%s)", (engine) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await appendEvents(db.ledger({ checkpointEvery: 10 }), "acme", sampleEvents(25));
  });
  afterAll(() => db.close());

  it("show each root in hex, as the explanation page and the offline verifier do, and it is the root the signed note carries", async () => {
    const checkpoints = await listCheckpoints(db.handle.db, "acme");
    expect(checkpoints.length).toBeGreaterThan(0);
    for (const checkpoint of checkpoints) {
      expect(checkpoint.rootHash).toMatch(/^[0-9a-f]{64}$/);
      expect(checkpoint.rootHash).toBe(parseNote(checkpoint.note).root.toString("hex"));
    }
  });
});
