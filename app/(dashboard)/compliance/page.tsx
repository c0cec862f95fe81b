import type { Metadata } from "next";
import Link from "next/link";
import { AccessLogTable } from "@/components/access-log-table";
import { CheckpointsTable } from "@/components/checkpoints-table";
import { EmptyState } from "@/components/empty-state";
import { ExportForm } from "@/components/export-form";
import { MissingWorkspace } from "@/components/missing-workspace";
import { ReportForm } from "@/components/report-form";
import { Button } from "@/components/ui/button";
import { VerificationSummary } from "@/components/verification-summary";
import { VerifyNowButton } from "@/components/verify-now-button";
import { requirePermission } from "@/lib/auth/guard";
import { roleCan } from "@/lib/auth/permissions";
import { accessLogFilterSchema, searchAccessLog } from "@/lib/compliance/access-log-search";
import { complianceOverview, listCheckpoints } from "@/lib/compliance/overview";
import { EVENT_TYPES } from "@/lib/events/constants";
import { runtime } from "@/lib/runtime";
import { listWorkspaces } from "@/lib/workspaces";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Compliance" };

const CHECKPOINTS_PAGE = 10;
const count = new Intl.NumberFormat("en-GB");
const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });

type Search = Record<string, string | undefined>;

// /compliance — per workspace: the ledger head, verification (last run, verify now), exports, the regulator's report,
// signed checkpoints and the access log. Compliance officers and admins.
export default async function CompliancePage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePermission("ledger.read");
  const params = await searchParams;
  const rt = await runtime();
  const db = rt.handle.db;
  const workspaces = await listWorkspaces(db);
  if (workspaces.length === 0) {
    return (
      <div className="max-w-5xl space-y-6">
        <h1 className="text-2xl font-bold tracking-tight">Compliance</h1>
        <EmptyState title="No workspaces yet">
          <p>Create a workspace in Settings, or send its first event with an API key.</p>
        </EmptyState>
      </div>
    );
  }
  const workspace = workspaces.find((w) => w.id === params.workspace) ?? workspaces[0];
  // A workspace asked for by name that does not exist is said so, not silently replaced by another.
  const missing = params.workspace && workspace.id !== params.workspace ? params.workspace : undefined;
  const ws = workspace.id;
  const cpBefore = Number(params.cpBefore) || undefined;
  const logFilter = accessLogFilterSchema.safeParse({
    actor: params.actor,
    action: params.action,
    from: params.logFrom,
    to: params.logTo,
    scope: params.scope || undefined,
    before: params.logBefore || undefined,
  });
  const filter = logFilter.success ? logFilter.data : accessLogFilterSchema.parse({});
  const canReadLog = roleCan(user.role, "access_log.read");
  const canExport = roleCan(user.role, "exports.read");
  const [overview, checkpoints, log] = await Promise.all([
    complianceOverview(db, ws, rt.env.WARRANT_RETENTION_MONTHS),
    listCheckpoints(db, ws, { before: cpBefore, limit: CHECKPOINTS_PAGE }),
    canReadLog ? searchAccessLog(db, ws, filter) : null,
  ]);
  const now = new Date();
  const thisMonth = now.toISOString().slice(0, 7);
  // A report is for a finished period by default; the month in progress can still be chosen, and says so.
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const link = (extra: Search, hash: string) => {
    const next = new URLSearchParams({ workspace: ws });
    for (const [k, v] of Object.entries(extra)) if (v) next.set(k, v);
    return `/compliance?${next.toString()}#${hash}`;
  };
  const logQuery = { actor: filter.actor, action: filter.action, logFrom: filter.from, logTo: filter.to, scope: filter.scope === "all" ? undefined : filter.scope };
  const { retention } = overview;

  return (
    <div className="max-w-6xl space-y-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Compliance</h1>
          <p className="mt-1 max-w-3xl text-muted">
            Prove the record is complete and untouched: verify the ledger, export any part of it with the proofs an auditor can check
            without us, and produce the regulator&apos;s report.
          </p>
        </div>
        <form method="get" action="/compliance" className="flex max-w-full items-end gap-2">
          <div className="flex min-w-0 flex-col gap-1">
            <label htmlFor="workspace" className="text-sm font-medium">Workspace</label>
            <select id="workspace" name="workspace" defaultValue={ws} className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm">
              {workspaces.map((w) => (
                <option key={w.id} value={w.id}>{w.name === w.id ? w.id : `${w.name} (${w.id})`}</option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="secondary">Show</Button>
        </form>
      </header>
      {missing && <MissingWorkspace requested={missing} shown={workspace.name === ws ? ws : `${workspace.name} (${ws})`} />}

      <nav aria-label="On this page" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {[
          ["verification", "Verification"],
          ...(canExport ? [["exports", "Exports"], ["report", "Regulator's report"]] : []),
          ["checkpoints", "Signed checkpoints"],
          ...(canReadLog ? [["access-log", "Access log"]] : []),
          ["retention", "Retention"],
        ].map(([id, label]) => (
          <a key={id} href={`#${id}`} className="text-brand underline">{label}</a>
        ))}
      </nav>

      <section aria-labelledby="ledger-heading" className="space-y-3">
        <h2 id="ledger-heading" className="text-lg font-semibold">Ledger of {workspace.name}</h2>
        <dl className="grid grid-cols-1 gap-3 md:grid-cols-4">
          <Tile label="Entries">{count.format(overview.head.seq)}</Tile>
          <Tile label="Signed up to">
            {count.format(overview.signedUpTo)}
            <span className="block text-xs font-normal text-muted">{overview.lastCheckpointAt ? `${dateTime.format(new Date(overview.lastCheckpointAt))} UTC` : "not yet signed"}</span>
          </Tile>
          <Tile label="Head hash">
            <span className="block truncate font-mono text-xs font-normal" title={overview.head.hash ?? undefined}>{overview.head.hash ?? "—"}</span>
          </Tile>
          <Tile label="Retention">
            {retention.months} months
            <span className="block text-xs font-normal text-muted">nothing since {day.format(retention.keepFrom)} may be removed</span>
          </Tile>
        </dl>
      </section>

      <section id="verification" aria-labelledby="verification-heading" className="space-y-3">
        <h2 id="verification-heading" className="text-lg font-semibold">Verification</h2>
        <p className="max-w-3xl text-sm text-muted">
          Recomputes every hash of the chain from the stored records, checks each signed checkpoint&apos;s signature and Merkle root, and
          compares them with the copies published outside the database. Each run is recorded.
        </p>
        <VerificationSummary runs={overview.recentVerifications} />
        <VerifyNowButton workspace={ws} />
      </section>

      {canExport && (
        <section id="exports" aria-labelledby="exports-heading" className="space-y-3">
          <h2 id="exports-heading" className="text-lg font-semibold">Exports</h2>
          <p className="max-w-3xl text-sm text-muted">
            The server streams every export, whatever its size; Download directly saves it to disk as it arrives. Each export is written to the access log. Large exports are also available from{" "}
            <code className="font-mono text-xs">GET /api/v1/exports/events</code> and <code className="font-mono text-xs">npx warrant export</code>.
          </p>
          <ExportForm workspace={ws} eventTypes={EVENT_TYPES} defaultMonth={thisMonth} verifierKey={rt.ledger.key.verifierKey} />
        </section>
      )}

      {canExport && (
        <section id="report" aria-labelledby="report-heading" className="space-y-3">
          <h2 id="report-heading" className="text-lg font-semibold">Regulator&apos;s report</h2>
          <p className="max-w-3xl text-sm text-muted">
            A PDF for one month: outcomes, the autonomy mix, human oversight (approvals, overrides, reversals), policy breaches, the last
            verification and the signed checkpoint it rests on, and the retention in force.
          </p>
          <ReportForm workspace={ws} defaultMonth={lastMonth} />
        </section>
      )}

      <section id="checkpoints" aria-labelledby="checkpoints-heading" className="space-y-3">
        <h2 id="checkpoints-heading" className="text-lg font-semibold">Signed checkpoints</h2>
        <p className="max-w-3xl text-sm text-muted">
          Each is a C2SP signed note committing to every entry up to its tree size; check them with the public key at{" "}
          <a href="/api/v1/ledger/public-key" className="text-brand underline">/api/v1/ledger/public-key</a> (key{" "}
          <code className="font-mono text-xs">{rt.ledger.key.name}+{rt.ledger.key.keyId}</code>).
        </p>
        {checkpoints.length === 0 ? (
          <EmptyState title={cpBefore ? "No older checkpoints" : "No checkpoint signed yet"}>
            <p>A checkpoint is signed every few minutes while events arrive, and whenever a bundle is exported.</p>
          </EmptyState>
        ) : (
          <CheckpointsTable checkpoints={checkpoints} />
        )}
        <nav aria-label="Checkpoint pages" className="flex gap-4 text-sm">
          {cpBefore && <Link href={link({}, "checkpoints")} className="text-brand underline">Newest checkpoints</Link>}
          {checkpoints.length === CHECKPOINTS_PAGE && (
            <Link href={link({ cpBefore: String(checkpoints.at(-1)!.treeSize) }, "checkpoints")} className="text-brand underline">Older checkpoints</Link>
          )}
        </nav>
      </section>

      {log && (
        <section id="access-log" aria-labelledby="access-log-heading" className="space-y-3">
          <h2 id="access-log-heading" className="text-lg font-semibold">Access log</h2>
          <form method="get" action="/compliance#access-log" className="flex flex-wrap items-end gap-3 rounded-lg border border-line bg-white p-4">
            <input type="hidden" name="workspace" value={ws} />
            <LogField id="log-actor" name="actor" label="Who" placeholder="email or apikey:" defaultValue={filter.actor} />
            <LogField id="log-action" name="action" label="What" placeholder="export., auth.sign_in…" defaultValue={filter.action} />
            <LogField id="log-from" name="logFrom" label="From (UTC)" type="date" defaultValue={filter.from} />
            <LogField id="log-to" name="logTo" label="To (UTC, inclusive)" type="date" defaultValue={filter.to} />
            <div className="flex flex-col gap-1">
              <label htmlFor="log-scope" className="text-sm font-medium">Entries</label>
              <select id="log-scope" name="scope" defaultValue={filter.scope} className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm">
                <option value="all">This workspace, sign-ins and settings</option>
                <option value="workspace">This workspace only</option>
              </select>
            </div>
            <Button type="submit" variant="secondary">Filter</Button>
            {!logFilter.success && <p role="alert" className="w-full text-sm text-danger">Some filters were not understood and were ignored.</p>}
          </form>
          {log.entries.length === 0 ? (
            <EmptyState title="No entries match">
              <p>Exports, reports, sign-ins and changes made in Settings appear here.</p>
            </EmptyState>
          ) : (
            <AccessLogTable entries={log.entries} />
          )}
          <nav aria-label="Access log pages" className="flex gap-4 text-sm">
            {filter.before && <Link href={link(logQuery, "access-log")} className="text-brand underline">Newest entries</Link>}
            {log.next && <Link href={link({ ...logQuery, logBefore: String(log.next) }, "access-log")} className="text-brand underline">Older entries</Link>}
          </nav>
        </section>
      )}

      <section id="retention" aria-labelledby="retention-heading" className="space-y-2">
        <h2 id="retention-heading" className="text-lg font-semibold">Retention</h2>
        <p className="max-w-3xl text-sm">
          Entries are kept for at least <strong>{retention.months} months</strong> (<code className="font-mono text-xs">WARRANT_RETENTION_MONTHS</code>;
          six is the minimum, the EU AI Act&apos;s floor for deployers&apos; logs). Nothing recorded since {day.format(retention.keepFrom)} may be
          removed. The oldest entry held was received {retention.oldest ? day.format(retention.oldest) : "— (none yet)"}.
        </p>
        <p className="max-w-3xl text-sm text-muted">
          {retention.removableMonths.length > 0
            ? `Months past retention: ${retention.removableMonths.join(", ")}. `
            : "No month is past retention. "}
          Nothing is ever deleted row by row: removal will only detach whole monthly partitions after a signed checkpoint, recorded in the
          access log. It is not implemented yet, so nothing has been removed.
        </p>
      </section>
    </div>
  );
}

function Tile({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-line bg-white px-4 py-3">
      <dt className="text-xs font-medium uppercase tracking-wide text-muted">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tabular-nums">{children}</dd>
    </div>
  );
}

function LogField({ id, label, ...input }: React.ComponentProps<"input"> & { id: string; label: string }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">{label}</label>
      <input id={id} className="rounded-md border border-gray-300 px-3 py-2 text-sm" {...input} />
    </div>
  );
}
