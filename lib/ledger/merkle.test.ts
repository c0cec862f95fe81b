import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  appendToFrontier,
  consistencyProof,
  decodeFrontier,
  emptyRoot,
  encodeFrontier,
  type Frontier,
  frontierRoot,
  inclusionProof,
  leafHash,
  nodeHash,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from "./merkle";

// Vectors: github.com/transparency-dev/merkle proof/verify_test.go (the same data as
// certificate-transparency's merkle tree tests): eight raw leaves, the RFC 6962 roots of the
// trees made of their first 1..8, and known-good inclusion and consistency proofs.
const hex = (h: string) => Buffer.from(h, "hex");
const RAW_LEAVES = [
  "",
  "00",
  "10",
  "2021",
  "3031",
  "40414243",
  "5051525354555657",
  "606162636465666768696a6b6c6d6e6f",
].map(hex);
const ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
].map(hex);
const EMPTY_ROOT = hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
// [index (0-based), size, proof]
const INCLUSION: [number, number, string[]][] = [
  [0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]],
  [5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]],
  [2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]],
  [1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]],
];
// [old size, new size, proof]
const CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]],
  [6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]],
  [2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]],
  [6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]],
];
const LEAVES = RAW_LEAVES.map(leafHash);

/** Distinct 32-byte "entry hashes" for generated trees. */
const entries = (n: number) =>
  Array.from({ length: n }, (_, i) => createHash("sha256").update(`entry ${i}`).digest());

/** Every copy of `proof` with one byte flipped. */
function* flippedProofs(proof: Buffer[]): Generator<Buffer[]> {
  for (let i = 0; i < proof.length; i++) {
    for (let b = 0; b < proof[i].length; b++) {
      const copy = proof.map((p) => Buffer.from(p));
      copy[i][b] ^= 0x01;
      yield copy;
    }
  }
}

const flipped = (buf: Buffer, at = 0) => {
  const copy = Buffer.from(buf);
  copy[at] ^= 0x80;
  return copy;
};

describe("RFC 6962 test vectors", () => {
  it("hashes the empty tree to SHA-256 of nothing", () => {
    expect(emptyRoot()).toEqual(EMPTY_ROOT);
    expect(rootOf([])).toEqual(EMPTY_ROOT);
  });

  it.each(ROOTS.map((root, i) => [i + 1, root] as const))("gives the published root for %i leaves", (n, root) => {
    expect(rootOf(LEAVES.slice(0, n))).toEqual(root);
  });

  it.each(INCLUSION)("produces and accepts the published inclusion proof for leaf %i of %i", (index, size, proofHex) => {
    const proof = proofHex.map(hex);
    const leaves = LEAVES.slice(0, size);
    expect(inclusionProof(leaves, index)).toEqual(proof);
    const root = ROOTS[size - 1];
    expect(verifyInclusion(LEAVES[index], index, size, proof, root)).toBe(true);
    // The probes transparency-dev's verifier test makes against every good proof.
    const rejects = (i: number, s: number, p: Buffer[], r: Buffer, l = LEAVES[index]) =>
      expect(verifyInclusion(l, i, s, p, r)).toBe(false);
    rejects(index - 1, size, proof, root);
    rejects(index + 1, size, proof, root);
    rejects(index ^ 2, size, proof, root);
    rejects(index, size * 2, proof, root);
    rejects(index, Math.floor(size / 2), proof, root);
    rejects(index, size, proof, root, leafHash(Buffer.from("WrongLeaf")));
    rejects(index, size, proof, EMPTY_ROOT);
    rejects(index, size, [...proof, Buffer.alloc(0)], root);
    rejects(index, size, [...proof, root], root);
    rejects(index, size, [root, ...proof], root);
    rejects(index, size, proof.slice(0, -1), root);
  });

  it.each(CONSISTENCY)("produces and accepts the published consistency proof from %i to %i", (m, n, proofHex) => {
    const proof = proofHex.map(hex);
    expect(consistencyProof(LEAVES.slice(0, n), m)).toEqual(proof);
    const [r1, r2] = [ROOTS[m - 1], ROOTS[n - 1]];
    expect(verifyConsistency(m, n, r1, r2, proof)).toBe(true);
    if (proof.length === 0) return;
    const rejects = (m1: number, n1: number, a: Buffer, b: Buffer, p: Buffer[]) =>
      expect(verifyConsistency(m1, n1, a, b, p)).toBe(false);
    rejects(m - 1, n, r1, r2, proof);
    rejects(m + 1, n, r1, r2, proof);
    rejects(m ^ 2, n, r1, r2, proof);
    rejects(m, n * 2, r1, r2, proof);
    rejects(m, Math.floor(n / 2), r1, r2, proof);
    rejects(m, n, r2, r1, proof);
    rejects(m, n, r1, r2, []);
    rejects(m, n, r1, r2, [...proof, r1]);
    rejects(m, n, r1, r2, [r2, ...proof]);
    rejects(m, n, r1, r2, [proof[0], ...proof]);
    rejects(m, n, r1, r2, proof.slice(0, -1));
  });
});

describe("edge cases of verification", () => {
  const [a, b] = entries(2).map(leafHash);
  it("treats the empty tree as a prefix of every tree, with an empty proof", () => {
    expect(verifyConsistency(0, 5, emptyRoot(), ROOTS[4], [])).toBe(true);
    expect(verifyConsistency(0, 5, emptyRoot(), ROOTS[4], [EMPTY_ROOT])).toBe(false);
    expect(verifyConsistency(0, 5, a, ROOTS[4], [])).toBe(false);
  });
  it("refuses a tree that shrinks, and equal sizes with different roots", () => {
    expect(verifyConsistency(2, 1, nodeHash(a, b), a, [])).toBe(false);
    expect(verifyConsistency(1, 1, a, b, [])).toBe(false);
    expect(verifyConsistency(1, 2, a, nodeHash(a, b), [])).toBe(false);
  });
  it("refuses an index outside the tree, and hashes of the wrong length", () => {
    expect(verifyInclusion(a, 0, 0, [], a)).toBe(false);
    expect(verifyInclusion(a, 1, 1, [], a)).toBe(false);
    expect(verifyInclusion(a, 0, 1, [], a)).toBe(true);
    expect(verifyInclusion(a.subarray(1), 0, 1, [], a.subarray(1))).toBe(false);
  });
  it("throws on a proof request outside the tree", () => {
    expect(() => inclusionProof(entries(3), 3)).toThrow(/outside a tree of size 3/);
    expect(() => consistencyProof(entries(3), 4)).toThrow(/outside a tree of size 3/);
  });
});

describe("frontier", () => {
  it("has the same root as the whole tree for every size from 0 to 300", () => {
    const leaves = entries(300).map(leafHash);
    let frontier: Frontier = [];
    for (let size = 0; size <= 300; size++) {
      expect(frontierRoot(frontier, size)).toEqual(rootOf(leaves.slice(0, size)));
      const decoded = decodeFrontier(encodeFrontier(frontier));
      expect(decoded).toEqual(frontier);
      if (size < 300) frontier = appendToFrontier(frontier, size, leaves[size]);
    }
  });

  it("holds one hash per set bit of the size and does not mutate its input", () => {
    const leaves = entries(7).map(leafHash);
    let frontier: Frontier = [];
    for (let i = 0; i < 6; i++) frontier = appendToFrontier(frontier, i, leaves[i]);
    expect(frontier).toHaveLength(2); // 6 = 0b110
    const before = frontier.map((h) => Buffer.from(h));
    const after = appendToFrontier(frontier, 6, leaves[6]);
    expect(frontier).toEqual(before);
    expect(after).toHaveLength(3);
  });

  it("works past 2^32 leaves, where 32-bit bit operations would wrap", () => {
    const [a, b, c] = entries(3).map(leafHash);
    const big = 2 ** 32;
    expect(frontierRoot([a], big)).toEqual(a);
    expect(appendToFrontier([a], big, b)).toEqual([a, b]);
    expect(appendToFrontier([a, b], big + 1, c)).toEqual([a, nodeHash(b, c)]);
    expect(frontierRoot([a, b, c], 2 ** 52 + 3)).toEqual(nodeHash(a, nodeHash(b, c)));
  });

  it("rejects a frontier that does not fit its size, and a torn encoding", () => {
    expect(() => frontierRoot([], 1)).toThrow(/for size 1 has 1 hashes, got 0/);
    expect(() => appendToFrontier([EMPTY_ROOT], 3, EMPTY_ROOT)).toThrow(/for size 3 has 2 hashes, got 1/);
    expect(() => frontierRoot([Buffer.alloc(31)], 1)).toThrow(/32-byte hashes/);
    expect(() => decodeFrontier(Buffer.alloc(33))).toThrow(/multiple of 32 bytes, got 33/);
  });
});

describe("proofs over generated trees", () => {
  const leaves = entries(40).map(leafHash);
  const roots = Array.from({ length: 41 }, (_, n) => rootOf(leaves.slice(0, n)));

  it("verifies every inclusion proof up to 40 leaves, and none with a flipped byte", () => {
    for (let size = 1; size <= 40; size++) {
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(leaves.slice(0, size), index);
        expect(verifyInclusion(leaves[index], index, size, proof, roots[size])).toBe(true);
        for (const bad of flippedProofs(proof)) {
          expect(verifyInclusion(leaves[index], index, size, bad, roots[size])).toBe(false);
        }
        expect(verifyInclusion(flipped(leaves[index]), index, size, proof, roots[size])).toBe(false);
        expect(verifyInclusion(leaves[index], index, size, proof, flipped(roots[size], 31))).toBe(false);
      }
    }
  });

  it("verifies every consistency proof up to 40 leaves, and none with a flipped byte", () => {
    for (let n = 0; n <= 40; n++) {
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(leaves.slice(0, n), m);
        expect(verifyConsistency(m, n, roots[m], roots[n], proof)).toBe(true);
        for (const bad of flippedProofs(proof)) {
          expect(verifyConsistency(m, n, roots[m], roots[n], bad)).toBe(false);
        }
        if (m > 0 && m < n) {
          expect(verifyConsistency(m, n, flipped(roots[m]), roots[n], proof)).toBe(false);
          expect(verifyConsistency(m, n, roots[m], flipped(roots[n], 17), proof)).toBe(false);
        }
      }
    }
  });

  it("proves inclusion and consistency for random trees (property)", () => {
    const tree = fc
      .integer({ min: 1, max: 200 })
      .chain((n) => fc.tuple(fc.constant(n), fc.nat({ max: n - 1 }), fc.nat({ max: n })));
    fc.assert(
      fc.property(tree, ([n, index, oldSize]) => {
        const all = entries(n).map(leafHash);
        const root = rootOf(all);
        const proof = inclusionProof(all, index);
        expect(verifyInclusion(all[index], index, n, proof, root)).toBe(true);
        if (n > 1) expect(verifyInclusion(all[index], (index + 1) % n, n, proof, root)).toBe(false);
        const cproof = consistencyProof(all, oldSize);
        expect(verifyConsistency(oldSize, n, rootOf(all.slice(0, oldSize)), root, cproof)).toBe(true);
        let frontier: Frontier = [];
        all.forEach((leaf, size) => {
          frontier = appendToFrontier(frontier, size, leaf);
        });
        expect(frontierRoot(frontier, n)).toEqual(root);
      }),
      { numRuns: 200 },
    );
  });
});
