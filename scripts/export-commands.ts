// `warrant export` (streams an export from the database) and `warrant verify-bundle` (checks a bundle
// with no database and no network: it never opens a runtime).
import { createReadStream, createWriteStream, existsSync, readFileSync } from "node:fs";
import { once } from "node:events";
import { BundleVerifier, type BundleReport, formatReport, type VerifyBundleOptions } from "@/lib/export/verify-bundle";
import { exportChunks, ExportRefusal, logExport, planExport } from "@/lib/export/plan";
import { exportQuerySchema } from "@/lib/export/query";
import type { Runtime } from "@/lib/runtime";

export interface ExportOptions {
  workspace?: string;
  format?: string;
  from?: string;
  to?: string;
  journey?: string;
  case?: string;
  type?: string;
  actor?: string;
  "actor-type"?: string;
  "from-seq"?: string;
  "to-seq"?: string;
  since?: string;
  out?: string;
  key?: string;
  previous?: string;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** Streams a file through the verifier line by line: memory stays flat however large the bundle. */
export async function verifyBundleFile(file: string, options: VerifyBundleOptions = {}): Promise<BundleReport> {
  const verifier = new BundleVerifier(options);
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let data = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let end = data.indexOf(10, start); end !== -1; end = data.indexOf(10, start)) {
      verifier.line(data.subarray(start, end));
      start = end + 1;
    }
    data = data.subarray(start);
    rest = Buffer.from(data);
  }
  if (rest.length > 0) verifier.line(rest);
  return verifier.finish();
}

function trustedKeyFrom(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // A path to a file holding the key (as saved from /api/v1/ledger/public-key), or the key itself.
  if (existsSync(value)) {
    const text = readFileSync(value, "utf8").trim();
    try {
      const json = JSON.parse(text) as { verifierKey?: unknown };
      if (typeof json.verifierKey === "string") return json.verifierKey;
    } catch {}
    return text;
  }
  return value;
}

export async function verifyBundleCommand(args: string[], options: ExportOptions): Promise<number> {
  const [file] = args;
  if (!file) {
    err("usage: warrant verify-bundle FILE [--key VERIFIER_KEY|KEY_FILE] [--previous EARLIER_BUNDLE]");
    return 2;
  }
  if (!existsSync(file)) {
    err(`warrant verify-bundle: ${file}: no such file`);
    return 2;
  }
  const trustedKey = trustedKeyFrom(options.key);
  let previous: VerifyBundleOptions["previous"];
  if (options.previous) {
    const earlier = await verifyBundleFile(options.previous, { trustedKey });
    if (!earlier.ok || !earlier.checkpoint) {
      for (const line of formatReport(earlier, options.previous)) out(line);
      err(`warrant verify-bundle: the previous bundle ${options.previous} does not verify, so nothing can be proven against it`);
      return 1;
    }
    previous = earlier.checkpoint;
  }
  const report = await verifyBundleFile(file, { trustedKey, previous });
  for (const line of formatReport(report, file)) out(line);
  return report.ok ? 0 : 1;
}

export async function exportCommand(rt: Runtime, _args: string[], options: ExportOptions): Promise<number> {
  const parsed = exportQuerySchema.safeParse(
    Object.fromEntries(
      Object.entries({
        format: options.format,
        from: options.from,
        to: options.to,
        journey: options.journey,
        case: options.case,
        type: options.type,
        actor: options.actor,
        actorType: options["actor-type"],
        fromSeq: options["from-seq"],
        toSeq: options["to-seq"],
        since: options.since,
      }).filter(([, v]) => v !== undefined),
    ),
  );
  if (!parsed.success) {
    for (const issue of parsed.error.issues) err(`--${String(issue.path[0] ?? "format")}: ${issue.message}`);
    return 2;
  }
  const workspace = options.workspace ?? "default";
  let plan;
  try {
    plan = await planExport(rt.ledger, workspace, parsed.data);
  } catch (error) {
    if (ExportRefusal.is(error)) {
      err(`warrant export: ${error.field ? `--${error.field}: ` : ""}${error.message}`);
      return 2;
    }
    throw error;
  }
  await logExport(rt.handle.db, plan, { actor: "cli", via: "cli" });
  const sink = options.out ? createWriteStream(options.out) : process.stdout;
  const started = performance.now();
  let bytes = 0;
  for await (const chunk of exportChunks(rt.ledger, plan)) {
    bytes += Buffer.byteLength(chunk);
    // Respect back-pressure: memory stays at one page whatever the reader's speed.
    if (!sink.write(chunk)) await once(sink, "drain");
  }
  if (options.out) {
    sink.end();
    await once(sink, "finish");
  }
  const seconds = (performance.now() - started) / 1000;
  err(
    `exported ${plan.total} event(s) of ${workspace} as ${plan.format} (${(bytes / 2 ** 20).toFixed(1)} MiB) in ${seconds.toFixed(1)} s` +
      `${plan.bundle?.checkpoint ? `, proven against checkpoint ${plan.bundle.checkpoint.treeSize}` : ""}${options.out ? ` to ${options.out}` : ""}`,
  );
  return 0;
}
