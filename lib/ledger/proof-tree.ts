// RFC 6962 proofs for large trees in bounded memory (merkle.ts computes them from an in-memory leaf
// list, which is fine for tests and small trees, not for a million-entry ledger).
//
// The tree is cut into aligned blocks of B = 2^b leaves. Every split of an RFC 6962 tree larger than
// B falls on a block boundary, so the tree of n leaves is exactly the RFC 6962 tree over the block
// roots, each block root being the tree over that block's leaves (the last block may be partial). A
// proof is then the path inside one block followed by the path of that block's root in the top tree.
// Memory: the top tree (2 × n/B hashes) plus one block (2 × B hashes); time: one pass over the leaves
// to get the block roots, and one more read of each block that holds a leaf to prove.
//
// Hashes live back to back in Buffers (HASH_SIZE bytes each), one Buffer per run of them, and the
// block's Buffer is reused from one block to the next: a Buffer object per hash costs some hundred bytes
// of heap besides its 32 and keeps the collector busy (tens of megabytes of heap for a million leaves).
import { HASH_SIZE, hashNodeInto, rootOf } from "./merkle";

/** The hash at `index` of a run of hashes stored back to back, as a view (not a copy). */
const at = (flat: Buffer, index: number): Buffer => flat.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);

/** A copy of the hash at `index`: what leaves this module, so that reusing a buffer changes nothing a caller holds. */
const copyAt = (flat: Buffer, index: number): Buffer => Buffer.from(at(flat, index));

/**
 * The RFC 6962 root of the first `count` hashes of `flat`, folding them in place (their bytes are
 * overwritten). A level's odd last node is carried up unchanged, which builds the same left-balanced
 * tree as the recursive definition.
 */
export function foldRoot(flat: Buffer, count: number): Buffer {
  if (count === 0) return rootOf([]);
  for (let n = count; n > 1; n = Math.ceil(n / 2)) {
    // Node j of the next level goes where node j of this one was: it has been read by then.
    for (let j = 0; 2 * j + 1 < n; j++) hashNodeInto(flat, 2 * j * HASH_SIZE, flat, j * HASH_SIZE);
    if (n % 2 === 1) flat.copy(flat, ((n - 1) / 2) * HASH_SIZE, (n - 1) * HASH_SIZE, n * HASH_SIZE);
  }
  return copyAt(flat, 0);
}

/**
 * Every level of an RFC 6962 tree in one Buffer, leaves first and root last, for audit paths. The
 * Buffer is sized for `capacity` leaves once and reused by each `build`.
 */
export class FlatLevels {
  private readonly buf: Buffer;
  /** Where each level starts (in hashes) and how many nodes it has. */
  private starts: number[] = [];
  private counts: number[] = [];

  constructor(readonly capacity: number) {
    let total = 0;
    for (let n = capacity; ; n = Math.ceil(n / 2)) {
      total += n;
      if (n <= 1) break;
    }
    this.buf = Buffer.allocUnsafe(total * HASH_SIZE);
  }

  /** The region to write `count` leaf hashes into before calling `build(count)`. */
  leaves(count: number): Buffer {
    if (count < 1 || count > this.capacity) throw new RangeError(`a tree of ${count} leaves in levels for ${this.capacity}`);
    return this.buf.subarray(0, count * HASH_SIZE);
  }

  /** Computes the levels above the `count` leaves just written. */
  build(count: number): this {
    this.leaves(count);
    this.starts = [0];
    this.counts = [count];
    for (let start = 0, n = count; n > 1; ) {
      const next = start + n;
      for (let j = 0; 2 * j + 1 < n; j++) hashNodeInto(this.buf, (start + 2 * j) * HASH_SIZE, this.buf, (next + j) * HASH_SIZE);
      if (n % 2 === 1) this.buf.copy(this.buf, (next + (n - 1) / 2) * HASH_SIZE, (start + n - 1) * HASH_SIZE, (start + n) * HASH_SIZE);
      start = next;
      n = Math.ceil(n / 2);
      this.starts.push(start);
      this.counts.push(n);
    }
    return this;
  }

  get size(): number {
    return this.counts[0] ?? 0;
  }

  get root(): Buffer {
    return copyAt(this.buf, this.starts[this.starts.length - 1]);
  }

  /** The audit path of leaf `index` (RFC 6962 PATH), deepest sibling first. */
  path(index: number): Buffer[] {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`leaf index ${index} is outside a tree of size ${this.size}`);
    }
    const path: Buffer[] = [];
    let i = index;
    for (let level = 0; level < this.counts.length - 1; level++) {
      const sibling = i % 2 === 1 ? i - 1 : i + 1;
      // A last node without a right sibling is carried up: that level adds nothing to the path.
      if (sibling < this.counts[level]) path.push(copyAt(this.buf, this.starts[level] + sibling));
      i = Math.floor(i / 2);
    }
    return path;
  }

  /** The root of leaves [lo, hi) of the loaded tree (a node of it when the span is one). */
  rootOf(lo: number, hi: number): Buffer {
    if (!(0 <= lo && lo < hi && hi <= this.size)) throw new RangeError(`[${lo}, ${hi}) is outside a tree of size ${this.size}`);
    return foldRoot(Buffer.from(this.buf.subarray(lo * HASH_SIZE, hi * HASH_SIZE)), hi - lo);
  }
}

/** The levels of a tree over a list of leaf hashes. */
export function levelsOf(leaves: Buffer[]): FlatLevels {
  if (leaves.length === 0) throw new RangeError("a tree needs at least one leaf");
  const levels = new FlatLevels(leaves.length);
  const region = levels.leaves(leaves.length);
  leaves.forEach((leaf, i) => leaf.copy(region, i * HASH_SIZE));
  return levels.build(leaves.length);
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

/**
 * Reads the leaf hashes of [lo, hi) in order, back to back, in as many chunks as it likes. A chunk is
 * read before the next is asked for, so a reader may reuse one buffer for all of them.
 */
export type LeafReader = (lo: number, hi: number) => AsyncIterable<Buffer>;

export const DEFAULT_BLOCK_LEAVES = 2 ** 14;

/** The roots of the aligned blocks of a tree of `size` leaves, in one pass over its leaves. */
export async function blockRootsOf(read: LeafReader, size: number, blockLeaves: number, from: Buffer[] = []): Promise<Buffer[]> {
  const roots = from.slice();
  // One block's leaves, folded to its root in place when full, then refilled.
  const block = Buffer.allocUnsafe(Math.min(blockLeaves, size) * HASH_SIZE);
  let filled = 0;
  let next = roots.length * blockLeaves;
  for await (const chunk of read(next, size)) {
    if (chunk.length % HASH_SIZE !== 0) throw new RangeError(`leaves ${next}…: ${chunk.length} bytes is not a whole number of ${HASH_SIZE}-byte hashes`);
    for (let offset = 0; offset < chunk.length; ) {
      const take = Math.min(chunk.length - offset, (blockLeaves - filled) * HASH_SIZE);
      chunk.copy(block, filled * HASH_SIZE, offset, offset + take);
      offset += take;
      filled += take / HASH_SIZE;
      next += take / HASH_SIZE;
      if (filled === blockLeaves) {
        roots.push(foldRoot(block, filled));
        filled = 0;
      }
    }
  }
  if (next !== size) throw new RangeError(`expected ${size} leaves, read ${next}`);
  if (filled > 0) roots.push(foldRoot(block, filled));
  return roots;
}

/**
 * Proofs over a tree of `size` leaves read through `read`, holding the top tree and one block at a
 * time. Ask for inclusion proofs in increasing leaf order to read each block once.
 */
export class BlockedTree {
  readonly root: Buffer;
  private readonly top: FlatLevels | null;
  private readonly levels: FlatLevels | null;
  private cachedBlock = -1;

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
    this.top = size === 0 ? null : levelsOf(blockRoots);
    this.root = this.top?.root ?? rootOf([]);
    this.levels = size === 0 ? null : new FlatLevels(Math.min(blockLeaves, size));
  }

  /** Reads the tree's block roots first: one pass over every leaf. */
  static async open(read: LeafReader, size: number, blockLeaves = DEFAULT_BLOCK_LEAVES): Promise<BlockedTree> {
    return new BlockedTree(size, blockLeaves, await blockRootsOf(read, size, blockLeaves), read);
  }

  private async block(index: number): Promise<FlatLevels> {
    const levels = this.levels!;
    if (this.cachedBlock !== index) {
      this.cachedBlock = -1;
      const lo = index * this.blockLeaves;
      const hi = Math.min(lo + this.blockLeaves, this.size);
      const region = levels.leaves(hi - lo);
      let filled = 0;
      for await (const chunk of this.read(lo, hi)) {
        if (filled + chunk.length > region.length || chunk.length % HASH_SIZE !== 0) throw new RangeError(`block ${index}: the reader returned more than ${hi - lo} leaves`);
        chunk.copy(region, filled);
        filled += chunk.length;
      }
      if (filled !== region.length) throw new RangeError(`block ${index}: expected ${hi - lo} leaves, read ${filled / HASH_SIZE}`);
      levels.build(hi - lo);
      this.cachedBlock = index;
    }
    return levels;
  }

  /** RFC 6962 PATH(index, D[size]). */
  async inclusionProof(index: number): Promise<Buffer[]> {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`leaf index ${index} is outside a tree of size ${this.size}`);
    }
    const blockIndex = Math.floor(index / this.blockLeaves);
    const inBlock = (await this.block(blockIndex)).path(index - blockIndex * this.blockLeaves);
    return [...inBlock, ...this.top!.path(blockIndex)];
  }

  /** The hash of one node of this tree (a span the RFC 6962 recursion produces). */
  async nodeAt({ lo, hi }: Span): Promise<Buffer> {
    const B = this.blockLeaves;
    if (lo % B === 0 && (hi % B === 0 || hi === this.size) && hi > lo) {
      return this.top!.rootOf(lo / B, Math.ceil(hi / B));
    }
    const blockIndex = Math.floor(lo / B);
    if (Math.floor((hi - 1) / B) !== blockIndex) throw new RangeError(`[${lo}, ${hi}) is not a node of a tree of ${this.size} leaves`);
    return (await this.block(blockIndex)).rootOf(lo - blockIndex * B, hi - blockIndex * B);
  }

  /** RFC 6962 PROOF(oldSize, D[size]): this tree extends the tree of its first `oldSize` leaves. */
  async consistencyProof(oldSize: number): Promise<Buffer[]> {
    const proof: Buffer[] = [];
    for (const span of consistencySpans(oldSize, this.size)) proof.push(await this.nodeAt(span));
    return proof;
  }
}
