// What the bundle verifier reports, and how the command line prints it.
import type { BundleMode } from "./bundle-format";

export type BundleCheck =
  | "format" // a line is not JSON, not canonical, of an unknown kind or missing a field
  | "order" // sections out of order, or a line where none may be
  | "header"
  | "key" // the verifier key is malformed, or not the one you trust
  | "checkpoint" // a checkpoint's signature, origin or size is wrong
  | "consistency" // the covering checkpoint is not proven to extend the previous one
  | "segment" // a contiguous bundle's boundaries do not match the chain or the checkpoint
  | "record" // an event's record names another workspace, seq or id, or is not JSON
  | "hash" // an event's record and prev_hash do not hash to its hash
  | "link" // an event's prev_hash is not the previous event's hash
  | "sequence" // events missing, repeated or out of order
  | "inclusion" // an event's Merkle proof does not lead to the checkpoint's root
  | "filter" // an event the bundle's filter would not have selected
  | "manifest" // counts or section digests differ from the lines
  | "signature" // the signature over the whole bundle is missing or wrong
  | "truncated";

export interface BundleProblem {
  check: BundleCheck;
  /** 1-based line number, when the problem is on one line. */
  line?: number;
  /** The event's seq, when the problem is about one event. */
  seq?: number;
  message: string;
}

export interface BundleReport {
  ok: boolean;
  problems: BundleProblem[];
  /** Problems beyond the first `maxProblems` are counted, not kept. */
  moreProblems: number;
  warnings: string[];
  workspace: string | null;
  mode: BundleMode | null;
  events: number;
  firstSeq: number | null;
  lastSeq: number | null;
  checkpoint: { treeSize: number; rootHash: string } | null;
  previousCheckpoint: { treeSize: number; rootHash: string } | null;
  key: { name: string; keyId: string; verifierKey: string; trusted: boolean } | null;
}

export interface VerifyBundleOptions {
  /** The verifier key you obtained independently (GET /api/v1/ledger/public-key); the bundle's must equal it. */
  trustedKey?: string;
  /** The covering checkpoint of an earlier bundle this one must be proven to extend. */
  previous?: { treeSize: number; rootHash: string };
  maxProblems?: number;
}

/** A report as lines a person reads: verdict first, then each problem with its line, seq and check. */
export function formatReport(report: BundleReport, file = "bundle"): string[] {
  const lines: string[] = [];
  const scope = `${report.events} event(s)${report.firstSeq !== null ? `, seq ${report.firstSeq}–${report.lastSeq}` : ""}`;
  const against = report.checkpoint ? `, checkpoint ${report.checkpoint.treeSize} (root ${report.checkpoint.rootHash})` : "";
  const key = report.key ? `, key ${report.key.name}+${report.key.keyId}${report.key.trusted ? " (trusted)" : ""}` : "";
  if (report.ok) {
    lines.push(`ok ${file}: ${report.mode ?? ""} bundle of workspace ${report.workspace}, ${scope}${against}${key}`);
    if (report.previousCheckpoint) lines.push(`  extends checkpoint ${report.previousCheckpoint.treeSize} (consistency proof verified)`);
  } else {
    lines.push(`FAILED ${file}: ${report.problems.length + report.moreProblems} problem(s); workspace ${report.workspace ?? "?"}, ${scope}${against}${key}`);
    for (const p of report.problems) lines.push(`  [${p.check}] ${p.message}`);
    if (report.moreProblems > 0) lines.push(`  … and ${report.moreProblems} more`);
  }
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  return lines;
}
