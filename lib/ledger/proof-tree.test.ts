import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { consistencyProof, inclusionProof, leafHash, rootOf, verifyConsistency, verifyInclusion } from "./merkle";
import { BlockedTree, consistencySpans, foldRoot, type LeafReader, levelsOf } from "./proof-tree";

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(createHash("sha256").update(`entry ${i}`).digest()));

// Hands leaves out in small, uneven chunks, as a paged database read does.
const readerOver = (all: Buffer[], reads: { lo: number; hi: number }[] = []): LeafReader =>
  async function* (lo, hi) {
    reads.push({ lo, hi });
    for (let at = lo; at < hi; at += 3) yield Buffer.concat(all.slice(at, Math.min(at + 3, hi)));
  };

describe("proof-tree", () => {
  it("levelsOf and foldRoot end in the RFC 6962 root for every size up to 70", () => {
    for (let n = 1; n <= 70; n++) {
      const all = leaves(n);
      expect(levelsOf(all).root.equals(rootOf(all))).toBe(true);
      expect(foldRoot(Buffer.concat(all), n).equals(rootOf(all))).toBe(true);
    }
  });

  it("levels give the same audit paths and subtree roots as merkle.ts", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }).chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1), fc.nat(n - 1))), ([n, index, other]) => {
        const all = leaves(n);
        const levels = levelsOf(all);
        expect(levels.path(index)).toEqual(inclusionProof(all, index));
        const [lo, hi] = [Math.min(index, other), Math.max(index, other) + 1];
        expect(levels.rootOf(lo, hi).equals(rootOf(all.slice(lo, hi)))).toBe(true);
      }),
    );
  });

  it("proofs stay as they were when the tree moves on to another block", async () => {
    const all = leaves(40);
    const tree = await BlockedTree.open(readerOver(all), 40, 8);
    const first = await tree.inclusionProof(3);
    const copy = first.map((h) => Buffer.from(h));
    await tree.inclusionProof(35);
    expect(first).toEqual(copy);
    expect(first).toEqual(inclusionProof(all, 3));
  });

  it("a blocked tree's inclusion and consistency proofs equal merkle.ts's, for any block size", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom(1, 2, 4, 8, 16, 64, 1024),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 1, maxLength: 5 }),
        async (n, blockLeaves, picks) => {
          const all = leaves(n);
          const tree = await BlockedTree.open(readerOver(all), n, blockLeaves);
          expect(tree.root.equals(rootOf(all))).toBe(true);
          for (const index of picks.map((p) => Math.floor(p * n)).sort((a, b) => a - b)) {
            const proof = await tree.inclusionProof(index);
            expect(proof).toEqual(inclusionProof(all, index));
            expect(verifyInclusion(all[index], index, n, proof, tree.root)).toBe(true);
          }
          for (const m of picks.map((p) => Math.floor(p * (n + 1)))) {
            const proof = await tree.consistencyProof(m);
            expect(proof).toEqual(consistencyProof(all, m));
            expect(verifyConsistency(m, n, rootOf(all.slice(0, m)), tree.root, proof)).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("reads every leaf once to open, then one block per proven block", async () => {
    const all = leaves(100);
    const reads: { lo: number; hi: number }[] = [];
    const tree = await BlockedTree.open(readerOver(all, reads), 100, 16);
    expect(reads).toEqual([{ lo: 0, hi: 100 }]);
    for (const index of [3, 5, 17, 99]) await tree.inclusionProof(index);
    expect(reads.slice(1)).toEqual([
      { lo: 0, hi: 16 },
      { lo: 16, hi: 32 },
      { lo: 96, hi: 100 },
    ]);
  });

  it("consistency spans match the proof length of merkle.ts", () => {
    for (let n = 1; n <= 40; n++) {
      for (let m = 0; m <= n; m++) expect(consistencySpans(m, n)).toHaveLength(consistencyProof(leaves(n), m).length);
    }
  });

  it("refuses a reader that returns fewer leaves than the tree has", async () => {
    const all = leaves(10);
    await expect(BlockedTree.open(readerOver(all.slice(0, 9)), 10, 4)).rejects.toThrow(/expected 10 leaves/);
  });
});
