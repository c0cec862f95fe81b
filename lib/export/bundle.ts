// Writes an export bundle (format: ./bundle-format.ts, docs/verification.md) as a stream of text
// chunks: one page of events in memory at a time, the digests of the manifest computed on the way.
import { createHash, type Hash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { events } from "@/db/schema";
import { genesisHash } from "@/lib/ledger/chain";
import type { Ledger } from "@/lib/ledger/context";
import { signNote } from "@/lib/ledger/note";
import type { BlockedTree } from "@/lib/ledger/proof-tree";
import type { StoredCheckpoint } from "@/lib/ledger/prove";
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  type BundleLine,
  type BundleMode,
  type InclusionProofJson,
  SECTIONS,
  type Section,
  serializeLine,
  signatureBody,
} from "./bundle-format";
import { ChunkBuffer } from "./chunks";
import type { ExportFilter } from "./query";
import { ledgerPages } from "./read";

export interface BundlePlan {
  workspace: string;
  filter: ExportFilter;
  mode: BundleMode;
  /** Every event is proven against this checkpoint; null only when the ledger is empty. */
  checkpoint: StoredCheckpoint | null;
  /** An earlier checkpoint the covering one is proven to extend. */
  previous: StoredCheckpoint | null;
  /** The covering tree, opened (its stored hashes checked against the signed root). */
  tree: BlockedTree | null;
  generatedAt: Date;
}

const hex = (b: Buffer) => b.toString("hex");

/** Serialises lines, keeping each section's digest and count and the digest of the whole file. */
class BundleWriter {
  private readonly all = createHash("sha256");
  private readonly sections = new Map<Section, Hash>(SECTIONS.map((s) => [s, createHash("sha256")]));
  private readonly counts = Object.fromEntries(SECTIONS.map((s) => [s, 0])) as Record<Section, number>;

  write(line: BundleLine): string {
    // The digests take the JSON and its "\n" apart: hashing `${json}\n` would first copy it into a
    // flat string of its own, a second copy of the whole bundle through the heap.
    const json = serializeLine(line);
    if (line.kind !== "manifest" && line.kind !== "signature") {
      this.sections.get(line.kind)!.update(json, "utf8").update("\n", "utf8");
      this.counts[line.kind] += 1;
    }
    if (line.kind !== "signature") this.all.update(json, "utf8").update("\n", "utf8");
    return `${json}\n`;
  }

  /** The manifest, then the signature over every byte before it. */
  finish(ledger: Ledger, workspace: string): string {
    const sha256 = Object.fromEntries(SECTIONS.map((s) => [s, this.sections.get(s)!.digest("hex")])) as Record<Section, string>;
    const manifest = this.write({ kind: "manifest", counts: this.counts, sha256 });
    const digest = this.all.digest("hex");
    const note = signNote(signatureBody(workspace, digest), ledger.key);
    return manifest + this.write({ kind: "signature", sha256: digest, note });
  }
}

const proofJson = (treeSize: number, leafIndex: number, path: Buffer[]): InclusionProofJson => ({ treeSize, leafIndex, path: path.map(hex) });

/** The bundle, chunk by chunk (the header lines, then chunks of whole event lines of about CHUNK_CHARS). */
export async function* bundleChunks(ledger: Ledger, plan: BundlePlan): AsyncGenerator<string> {
  const { workspace, filter, mode, checkpoint, previous, tree } = plan;
  const out = new BundleWriter();
  const size = checkpoint?.treeSize ?? 0;
  let head = out.write({
    kind: "header",
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    workspace,
    mode,
    filter,
    generatedAt: plan.generatedAt.toISOString(),
    checkpoint: size,
  });
  head += out.write({ kind: "key", verifierKey: ledger.key.verifierKey, name: ledger.key.name, keyId: ledger.key.keyId });
  if (previous && checkpoint) head += out.write({ kind: "checkpoint", role: "previous", treeSize: previous.treeSize, note: previous.note });
  if (checkpoint) head += out.write({ kind: "checkpoint", role: "covering", treeSize: size, note: checkpoint.note });
  if (previous && checkpoint && tree) {
    const proof = await tree.consistencyProof(previous.treeSize);
    head += out.write({ kind: "consistency", from: previous.treeSize, to: size, proof: proof.map(hex) });
  }
  if (mode === "contiguous") head += out.write(await segmentLine(ledger, plan));
  yield head;

  let after = 0;
  const chunks = new ChunkBuffer();
  for await (const page of ledgerPages(ledger.db, workspace, filter, size)) {
    for (const row of page) {
      const proof = mode === "filtered" && tree ? proofJson(size, row.seq - 1, await tree.inclusionProof(row.seq - 1)) : undefined;
      const full = chunks.add(
        out.write({
          kind: "event",
          seq: row.seq,
          after,
          id: row.id,
          hash: row.hash,
          prevHash: row.prevHash,
          record: row.record,
          ...(proof ? { proof } : {}),
        }),
      );
      if (full) yield full;
      after = row.seq;
    }
  }
  yield chunks.rest() + out.finish(ledger, workspace);
}

async function segmentLine(ledger: Ledger, plan: BundlePlan): Promise<BundleLine> {
  const size = plan.checkpoint?.treeSize ?? 0;
  const firstSeq = plan.filter.fromSeq ?? 1;
  const lastSeq = Math.min(plan.filter.toSeq ?? size, size);
  if (firstSeq > lastSeq || !plan.tree) {
    return { kind: "segment", firstSeq, lastSeq: firstSeq - 1, startPrevHash: null, endHash: null, proof: null };
  }
  const rows = await ledger.db
    .select({ seq: events.seq, hash: events.hash, prevHash: events.prevHash })
    .from(events)
    .where(and(eq(events.workspaceId, plan.workspace), inArray(events.seq, [firstSeq, lastSeq])));
  const first = rows.find((r) => Number(r.seq) === firstSeq);
  const last = rows.find((r) => Number(r.seq) === lastSeq);
  // A missing boundary row is a damaged ledger; say so in the bundle (the verifier will name the gap)
  // rather than invent a hash: the genesis hash is only right for entry 1.
  const startPrevHash = first ? hex(first.prevHash) : firstSeq === 1 ? hex(genesisHash(plan.workspace)) : null;
  return {
    kind: "segment",
    firstSeq,
    lastSeq,
    startPrevHash,
    endHash: last ? hex(last.hash) : null,
    proof: proofJson(size, lastSeq - 1, await plan.tree.inclusionProof(lastSeq - 1)),
  };
}
