// RFC 6962 Merkle tree over the ledger's entry hashes.
//
// The hash chain proves order and completeness but costs O(n) to check. The Merkle tree lets a
// signed checkpoint commit to all n entries with one root, and lets anyone check in O(log n) that
// one entry is in it (inclusion proof) or that a later checkpoint extends an earlier one
// (consistency proof). Leaf and node hashes carry different prefixes (0x00 / 0x01) so a node can
// never be passed off as a leaf.
//
// Tree sizes and indexes are JavaScript numbers (safe up to 2^53); the bit arithmetic below uses
// division rather than `>>`/`&`, which would truncate to 32 bits.
import { createHash } from "node:crypto";
import { sha256 } from "./sha256";

export const HASH_SIZE = 32;

const isHash = (b: Buffer): boolean => Buffer.isBuffer(b) && b.length === HASH_SIZE;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** SHA-256(0x00 ‖ entry): the tree's leaf for one entry hash. */
export function leafHash(entry: Buffer): Buffer {
  return sha256(Buffer.concat([LEAF_PREFIX, entry]));
}

/** SHA-256(0x01 ‖ left ‖ right): an interior node. */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return sha256(Buffer.concat([NODE_PREFIX, left, right]));
}

const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE, NODE_PREFIX);

/**
 * nodeHash of the two hashes stored back to back at `from` in `src`, written at `to` in `dst` (which
 * may be `src`): the tree code keeps its hashes in flat Buffers rather than one Buffer each.
 */
export function hashNodeInto(src: Buffer, from: number, dst: Buffer, to: number): void {
  src.copy(nodeInput, 1, from, from + 2 * HASH_SIZE);
  sha256(nodeInput).copy(dst, to);
}

/** SHA-256 of nothing: the root of the empty tree. */
export function emptyRoot(): Buffer {
  return createHash("sha256").digest();
}

/** The largest power of two strictly less than n (n ≥ 2): where RFC 6962 splits a tree. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[lo:hi]) over leaf hashes. */
function subtreeRoot(leaves: Buffer[], lo: number, hi: number): Buffer {
  const n = hi - lo;
  if (n === 1) return leaves[lo];
  const k = splitPoint(n);
  return nodeHash(subtreeRoot(leaves, lo, lo + k), subtreeRoot(leaves, lo + k, hi));
}

/** RFC 6962 §2.1 Merkle Tree Hash of a list of leaf hashes (already leafHash(entry)). */
export function rootOf(leafHashes: Buffer[]): Buffer {
  return leafHashes.length === 0 ? emptyRoot() : subtreeRoot(leafHashes, 0, leafHashes.length);
}

// ---- Frontier (compact range) ----------------------------------------------------------------

/**
 * The roots of the perfect subtrees that make up a tree of a given size, left to right: one per
 * set bit of the size, largest first. It is all that is needed to append a leaf or compute the
 * root, so the ledger stores it beside the chain head instead of re-reading every entry.
 */
export type Frontier = Buffer[];

function popcount(n: number): number {
  let count = 0;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
}

function checkFrontier(frontier: Frontier, size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`tree size must be a non-negative safe integer, got ${size}`);
  }
  if (frontier.length !== popcount(size)) {
    throw new RangeError(
      `a frontier for size ${size} has ${popcount(size)} hashes, got ${frontier.length}`,
    );
  }
  if (!frontier.every(isHash)) throw new RangeError(`a frontier holds ${HASH_SIZE}-byte hashes`);
}

/** The frontier after appending one leaf hash to a tree of `size` leaves. Does not mutate. */
export function appendToFrontier(frontier: Frontier, size: number, leaf: Buffer): Frontier {
  checkFrontier(frontier, size);
  const next = frontier.slice();
  let hash = leaf;
  // Each trailing 1 bit of the size is a perfect subtree the same height as the carry: merge them,
  // like binary addition.
  for (let rest = size; rest % 2 === 1; rest = Math.floor(rest / 2)) {
    hash = nodeHash(next.pop() as Buffer, hash);
  }
  next.push(hash);
  return next;
}

/** The RFC 6962 root of a tree given its frontier: fold the subtrees from the right. */
export function frontierRoot(frontier: Frontier, size: number): Buffer {
  checkFrontier(frontier, size);
  if (size === 0) return emptyRoot();
  let root = frontier[frontier.length - 1];
  for (let i = frontier.length - 2; i >= 0; i--) root = nodeHash(frontier[i], root);
  return root;
}

/** The frontier as one bytea: its hashes concatenated. */
export function encodeFrontier(frontier: Frontier): Buffer {
  return Buffer.concat(frontier);
}

export function decodeFrontier(buf: Buffer): Frontier {
  if (buf.length % HASH_SIZE !== 0) {
    throw new RangeError(`an encoded frontier is a multiple of ${HASH_SIZE} bytes, got ${buf.length}`);
  }
  const frontier: Frontier = [];
  for (let at = 0; at < buf.length; at += HASH_SIZE) {
    frontier.push(Buffer.from(buf.subarray(at, at + HASH_SIZE)));
  }
  return frontier;
}

// ---- Proofs ----------------------------------------------------------------------------------

/** RFC 6962 §2.1.1 PATH(m, D[n]): sibling hashes from the leaf up to the root. */
export function inclusionProof(leafHashes: Buffer[], index: number): Buffer[] {
  const n = leafHashes.length;
  if (!Number.isSafeInteger(index) || index < 0 || index >= n) {
    throw new RangeError(`leaf index ${index} is outside a tree of size ${n}`);
  }
  const path = (m: number, lo: number, hi: number): Buffer[] => {
    if (hi - lo === 1) return [];
    const k = splitPoint(hi - lo);
    return m < k
      ? [...path(m, lo, lo + k), subtreeRoot(leafHashes, lo + k, hi)]
      : [...path(m - k, lo + k, hi), subtreeRoot(leafHashes, lo, lo + k)];
  };
  return path(index, 0, n);
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]): the hashes that show the first m leaves are a prefix. */
export function consistencyProof(leafHashes: Buffer[], oldSize: number): Buffer[] {
  const n = leafHashes.length;
  if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > n) {
    throw new RangeError(`old size ${oldSize} is outside a tree of size ${n}`);
  }
  if (oldSize === 0 || oldSize === n) return [];
  // `whole` is true while the old tree is still the left edge of this subtree, so its root is
  // already known to the verifier and need not be sent.
  const subproof = (m: number, lo: number, hi: number, whole: boolean): Buffer[] => {
    if (m === hi - lo) return whole ? [] : [subtreeRoot(leafHashes, lo, hi)];
    const k = splitPoint(hi - lo);
    return m <= k
      ? [...subproof(m, lo, lo + k, whole), subtreeRoot(leafHashes, lo + k, hi)]
      : [...subproof(m - k, lo + k, hi, false), subtreeRoot(leafHashes, lo, lo + k)];
  };
  return subproof(oldSize, 0, n, true);
}

const isSize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);
const isPowerOfTwo = (n: number): boolean => {
  let rest = n;
  while (rest > 1 && !isOdd(rest)) rest = half(rest);
  return rest === 1;
};

/** RFC 9162 §2.1.3.2: does `proof` show `leaf` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(
  leaf: Buffer,
  index: number,
  size: number,
  proof: Buffer[],
  root: Buffer,
): boolean {
  if (!isSize(index) || !isSize(size) || index >= size) return false;
  if (!isHash(leaf) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      // Skip the levels where this node is the last one and has no right sibling.
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree of `newSize` extends the tree of `oldSize`? */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Buffer,
  newRoot: Buffer,
  proof: Buffer[],
): boolean {
  if (!isSize(oldSize) || !isSize(newSize) || oldSize > newSize) return false;
  if (!isHash(oldRoot) || !isHash(newRoot) || !proof.every(isHash)) return false;
  if (oldSize === 0) return proof.length === 0 && oldRoot.equals(emptyRoot());
  if (oldSize === newSize) return proof.length === 0 && oldRoot.equals(newRoot);
  if (proof.length === 0) return false;

  // When the old tree is a perfect subtree its root is the proof's implicit first node.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(oldRoot) && sr.equals(newRoot);
}
