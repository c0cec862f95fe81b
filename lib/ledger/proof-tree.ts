// RFC 6962 proofs for large trees in bounded memory (merkle.ts computes them from an in-memory leaf
// list, which is fine for tests and small trees, not for a million-entry ledger).
//
// The tree is cut into aligned blocks of B = 2^b leaves. Every split of an RFC 6962 tree larger than
// B falls on a block boundary, so the tree of n leaves is exactly the RFC 6962 tree over the block
// roots, each block root being the tree over that block's leaves (the last block may be partial). A
// proof is then the path inside one block followed by the path of that block's root in the top tree.
// Memory: the top tree (2 × n/B hashes) plus one block (2 × B hashes); time: one pass over the leaves
// to get the block roots, and one more read of each block that holds a leaf to prove.
import { HASH_SIZE, nodeHash, rootOf } from "./merkle";

/**
 * Every level of an RFC 6962 tree, leaves first, root last. A level's odd last node is carried up
 * unchanged, which builds the same left-balanced tree as the recursive definition.
 */
export function levelsOf(leaves: Buffer[]): Buffer[][] {
  if (leaves.length === 0) throw new RangeError("a tree needs at least one leaf");
  const levels = [leaves];
  while (levels[levels.length - 1].length > 1) {
    const below = levels[levels.length - 1];
    const above: Buffer[] = [];
    for (let i = 0; i + 1 < below.length; i += 2) above.push(nodeHash(below[i], below[i + 1]));
    if (below.length % 2 === 1) above.push(below[below.length - 1]);
    levels.push(above);
  }
  return levels;
}

/** The audit path of leaf `index` (RFC 6962 PATH), deepest sibling first, from precomputed levels. */
export function pathInLevels(levels: Buffer[][], index: number): Buffer[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= levels[0].length) {
    throw new RangeError(`leaf index ${index} is outside a tree of size ${levels[0].length}`);
  }
  const path: Buffer[] = [];
  let i = index;
  for (let level = 0; level < levels.length - 1; level++) {
    const nodes = levels[level];
    const sibling = i % 2 === 1 ? i - 1 : i + 1;
    // A last node without a right sibling is carried up: that level adds nothing to the path.
    if (sibling < nodes.length) path.push(nodes[sibling]);
    i = Math.floor(i / 2);
  }
  return path;
}

/** A node of the tree: the leaves [lo, hi). */
export interface Span {
  lo: number;
  hi: number;
}

function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The nodes whose hashes make up RFC 6962 PROOF(m, D[n]), in proof order, without computing any
 * hash: the same recursion as merkle.ts's consistencyProof, returning spans instead.
 */
export function consistencySpans(oldSize: number, newSize: number): Span[] {
  if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > newSize) {
    throw new RangeError(`old size ${oldSize} is outside a tree of size ${newSize}`);
  }
  if (oldSize === 0 || oldSize === newSize) return [];
  const spans: Span[] = [];
  const subproof = (m: number, lo: number, hi: number, whole: boolean) => {
    if (m === hi - lo) {
      if (!whole) spans.push({ lo, hi });
      return;
    }
    const k = splitPoint(hi - lo);
    if (m <= k) {
      subproof(m, lo, lo + k, whole);
      spans.push({ lo: lo + k, hi });
    } else {
      subproof(m - k, lo + k, hi, false);
      spans.push({ lo, hi: lo + k });
    }
  };
  subproof(oldSize, 0, newSize, true);
  return spans;
}

/** Reads the leaf hashes of [lo, hi) in order, in as many chunks as it likes. */
export type LeafReader = (lo: number, hi: number) => AsyncIterable<Buffer[]>;

export const DEFAULT_BLOCK_LEAVES = 2 ** 14;

/** The roots of the aligned blocks of a tree of `size` leaves, in one pass over its leaves. */
export async function blockRootsOf(read: LeafReader, size: number, blockLeaves: number, from: Buffer[] = []): Promise<Buffer[]> {
  const roots = from.slice();
  let block: Buffer[] = [];
  let next = roots.length * blockLeaves;
  for await (const chunk of read(next, size)) {
    for (const leaf of chunk) {
      if (leaf.length !== HASH_SIZE) throw new RangeError(`leaf ${next} is ${leaf.length} bytes, not ${HASH_SIZE}`);
      block.push(leaf);
      next += 1;
      if (block.length === blockLeaves) {
        roots.push(rootOf(block));
        block = [];
      }
    }
  }
  if (next !== size) throw new RangeError(`expected ${size} leaves, read ${next}`);
  if (block.length > 0) roots.push(rootOf(block));
  return roots;
}

/**
 * Proofs over a tree of `size` leaves read through `read`, holding the top tree and one block at a
 * time. Ask for inclusion proofs in increasing leaf order to read each block once.
 */
export class BlockedTree {
  readonly root: Buffer;
  private readonly top: Buffer[][];
  private cached: { index: number; levels: Buffer[][] } | null = null;

  constructor(
    readonly size: number,
    readonly blockLeaves: number,
    blockRoots: Buffer[],
    private readonly read: LeafReader,
  ) {
    if (!Number.isSafeInteger(blockLeaves) || blockLeaves < 1 || splitPoint(blockLeaves * 2) !== blockLeaves) {
      throw new RangeError(`the block size must be a power of two, got ${blockLeaves}`);
    }
    if (blockRoots.length !== Math.ceil(size / blockLeaves)) {
      throw new RangeError(`a tree of ${size} leaves has ${Math.ceil(size / blockLeaves)} blocks, got ${blockRoots.length} roots`);
    }
    this.top = size === 0 ? [[]] : levelsOf(blockRoots);
    this.root = size === 0 ? rootOf([]) : this.top[this.top.length - 1][0];
  }

  /** Reads the tree's block roots first: one pass over every leaf. */
  static async open(read: LeafReader, size: number, blockLeaves = DEFAULT_BLOCK_LEAVES): Promise<BlockedTree> {
    return new BlockedTree(size, blockLeaves, await blockRootsOf(read, size, blockLeaves), read);
  }

  private async block(index: number): Promise<Buffer[][]> {
    if (this.cached?.index !== index) {
      const lo = index * this.blockLeaves;
      const hi = Math.min(lo + this.blockLeaves, this.size);
      const leaves: Buffer[] = [];
      for await (const chunk of this.read(lo, hi)) leaves.push(...chunk);
      if (leaves.length !== hi - lo) throw new RangeError(`block ${index}: expected ${hi - lo} leaves, read ${leaves.length}`);
      this.cached = { index, levels: levelsOf(leaves) };
    }
    return this.cached.levels;
  }

  /** RFC 6962 PATH(index, D[size]). */
  async inclusionProof(index: number): Promise<Buffer[]> {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`leaf index ${index} is outside a tree of size ${this.size}`);
    }
    const blockIndex = Math.floor(index / this.blockLeaves);
    const inBlock = pathInLevels(await this.block(blockIndex), index - blockIndex * this.blockLeaves);
    return [...inBlock, ...pathInLevels(this.top, blockIndex)];
  }

  /** The hash of one node of this tree (a span the RFC 6962 recursion produces). */
  async nodeAt({ lo, hi }: Span): Promise<Buffer> {
    const B = this.blockLeaves;
    if (lo % B === 0 && (hi % B === 0 || hi === this.size) && hi > lo) {
      return rootOf(this.top[0].slice(lo / B, Math.ceil(hi / B)));
    }
    const blockIndex = Math.floor(lo / B);
    if (Math.floor((hi - 1) / B) !== blockIndex) throw new RangeError(`[${lo}, ${hi}) is not a node of a tree of ${this.size} leaves`);
    const leaves = (await this.block(blockIndex))[0];
    return rootOf(leaves.slice(lo - blockIndex * B, hi - blockIndex * B));
  }

  /** RFC 6962 PROOF(oldSize, D[size]): this tree extends the tree of its first `oldSize` leaves. */
  async consistencyProof(oldSize: number): Promise<Buffer[]> {
    const proof: Buffer[] = [];
    for (const span of consistencySpans(oldSize, this.size)) proof.push(await this.nodeAt(span));
    return proof;
  }
}
