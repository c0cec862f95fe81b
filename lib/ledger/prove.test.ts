import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";
import { appendEvents } from "./append";
import type { Ledger } from "./context";
import { consistencyProof, inclusionProof, leafHash, rootOf } from "./merkle";
import { currentCheckpoint, LedgerProofError, openLedgerTree } from "./prove";

describe.each(ENGINES)("proofs from the database (%s)", (engine) => {
  let db: TestDatabase;
  let ledger: Ledger;
  let leaves: Buffer[];

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    ledger = db.ledger({ checkpointEvery: 10 });
    const appended = await appendEvents(ledger, "acme", sampleEvents(37));
    leaves = appended.map((a) => leafHash(Buffer.from(a.hash, "hex")));
  });
  afterAll(() => db.close());

  it("the tree read in blocks proves what merkle.ts proves over all the leaves", async () => {
    for (const size of [1, 16, 30, 37]) {
      const tree = await openLedgerTree(ledger.db, "acme", size, undefined, 4);
      expect(tree.root.equals(rootOf(leaves.slice(0, size)))).toBe(true);
      for (const index of [0, size - 1, Math.floor(size / 2)]) expect(await tree.inclusionProof(index)).toEqual(inclusionProof(leaves.slice(0, size), index));
      expect(await tree.consistencyProof(Math.max(1, size - 7))).toEqual(consistencyProof(leaves.slice(0, size), Math.max(1, size - 7)));
    }
  });

  it("refuses to prove anything when the stored hashes do not fold to the signed root", async () => {
    const checkpoint = (await currentCheckpoint(ledger, "acme"))!;
    await db.exec(`alter table events disable trigger events_append_only`);
    await db.exec(`update events set hash = decode(repeat('ab', 32), 'hex') where workspace_id = 'acme' and seq = 5`);
    await db.exec(`alter table events enable always trigger events_append_only`);
    // A fresh database handle has no remembered blocks; the cached ones of this handle cover full blocks only.
    await expect(openLedgerTree(ledger.db, "acme", checkpoint.treeSize, checkpoint.root, 2 ** 14)).rejects.toSatisfy(LedgerProofError.is);
  });

  it("names the first missing entry when one is gone", async () => {
    await appendEvents(ledger, "gappy", sampleEvents(12));
    await db.exec(`alter table events disable trigger events_append_only`);
    await db.exec(`delete from events where workspace_id = 'gappy' and seq = 7`);
    await db.exec(`alter table events enable always trigger events_append_only`);
    await expect(openLedgerTree(ledger.db, "gappy", 12, undefined, 4)).rejects.toThrow(/entry 7 is missing from the ledger/);
  });
});
