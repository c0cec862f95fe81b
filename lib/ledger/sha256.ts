import crypto, { createHash } from "node:crypto";

/**
 * SHA-256 of one buffer. crypto.hash (Node ≥ 20.12) hashes in one call, without a Hash object and its
 * native context: the ledger hashes three to four times per appended event (entry, leaf, tree nodes).
 */
export const sha256 = (data: Buffer): Buffer =>
  typeof crypto.hash === "function" ? crypto.hash("sha256", data, "buffer") : createHash("sha256").update(data).digest();
