import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { LowerToAssistForm, PublishPolicyForm } from "@/components/policy-forms";
import { PolicyCapsTable, PolicyRulesTable, PolicyVersionsTable } from "@/components/policy-tables";
import { Button } from "@/components/ui/button";
import { requirePermission } from "@/lib/auth/guard";
import { MissingWorkspace } from "@/components/missing-workspace";
import { pickExistingWorkspace, workspacesWithEvents } from "@/lib/cases/workspace";
import { policyOverview } from "@/lib/policy/admin";
import { policyToYaml, STARTER_POLICY } from "@/lib/policy/describe";
import { runtime } from "@/lib/runtime";
import { listWorkspaces } from "@/lib/workspaces";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Policies" };

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

// /settings/policies — per workspace: the decision-authority policy in force, the kill switch, publishing a
// new version, and the history. Admins only; every change appends a version and an access-log entry.
export default async function PoliciesPage({ searchParams }: { searchParams: Promise<{ workspace?: string }> }) {
  await requirePermission("policies.manage");
  const requested = (await searchParams).workspace;
  const db = (await runtime()).handle.db;
  const [workspaces, withEvents] = await Promise.all([listWorkspaces(db), workspacesWithEvents(db)]);
  if (workspaces.length === 0) {
    return (
      <div className="space-y-6">
        <Header />
        <EmptyState title="No workspaces yet">
          <p>
            A policy belongs to a workspace.{" "}
            <Link href="/settings/workspaces" className="text-brand underline">
              Create a workspace
            </Link>{" "}
            first.
          </p>
        </EmptyState>
      </div>
    );
  }
  const { id: ws, missing } = pickExistingWorkspace(workspaces, withEvents, requested);
  const { versions, inForce, scheduled } = await policyOverview(db, ws);
  const caps = inForce?.document.caps ?? [];

  return (
    <div className="space-y-8">
      <Header>
        <form method="get" action="/settings/policies" className="flex max-w-full items-end gap-2">
          <div className="flex min-w-0 flex-col gap-1">
            <label htmlFor="workspace" className="text-sm font-medium">
              Workspace
            </label>
            <select id="workspace" name="workspace" defaultValue={ws} className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm">
              {workspaces.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name === w.id ? w.id : `${w.name} (${w.id})`}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="secondary">
            Show
          </Button>
        </form>
      </Header>
      {missing && <MissingWorkspace requested={missing} shown={ws} />}

      {inForce ? (
        <section aria-labelledby="in-force-heading" className="space-y-3">
          <div>
            <h2 id="in-force-heading" className="text-lg font-semibold">
              In force: {inForce.document.title ?? inForce.document.id}, version {inForce.version}
            </h2>
            <p className="mt-1 text-sm text-muted">
              <code className="font-mono text-xs">{inForce.document.id}</code> v{inForce.version}, effective since {dateTime.format(inForce.effectiveFrom)} UTC,
              published by {inForce.createdBy}: “{inForce.reason}”.
            </p>
            {inForce.document.description && <p className="mt-1 max-w-3xl text-sm">{inForce.document.description}</p>}
          </div>
          {inForce.document.rules.length === 0 ? (
            <p className="text-sm">This version has no rules: every action is limited to assist (the AI suggests, a person acts).</p>
          ) : (
            <PolicyRulesTable
              rules={inForce.document.rules}
              caption={`Rules of ${inForce.document.id} v${inForce.version}. For an action, only the rules with the most specific matching pattern count; of those whose conditions hold, the highest grant wins. No rule that holds: assist.`}
            />
          )}
        </section>
      ) : (
        <EmptyState title="No policy in force">
          <p>
            No policy in force: Warrant does not restrict any action in {ws}. Authority checks answer “no policy” (
            <code className="font-mono text-xs">allowedAutonomy: null</code>) and no AI action counts as a breach.
          </p>
          <p>
            To add one, publish a document below (YAML or JSON), send it to <code className="font-mono text-xs">POST /api/v1/policies</code>, or
            pull the kill switch, which starts a policy that limits only the actions you name. The format is described in{" "}
            <code className="font-mono text-xs">docs/policy.md</code>.
          </p>
          {scheduled.length > 0 && (
            <p>
              Version {scheduled[0].version} is scheduled to take effect on {dateTime.format(scheduled[0].effectiveFrom)} UTC.
            </p>
          )}
        </EmptyState>
      )}

      <section aria-labelledby="kill-switch-heading" className="space-y-3">
        <div>
          <h2 id="kill-switch-heading" className="text-lg font-semibold">
            Kill switch
          </h2>
          <p className="mt-1 max-w-3xl text-sm text-muted">
            A cap limits every matching action, however specific the rules that grant more: a cap on <code className="font-mono">refund.*</code>{" "}
            also stops <code className="font-mono">refund.issue</code>. Agents that ask before acting see it on their next check.
          </p>
        </div>
        {caps.length === 0 ? (
          <p className="text-sm">No caps: nothing is limited below what the rules grant.</p>
        ) : (
          <PolicyCapsTable caps={caps} workspace={ws} />
        )}
        <LowerToAssistForm workspace={ws} />
      </section>

      <PublishPolicyForm workspace={ws} initial={inForce ? policyToYaml(inForce.document) : STARTER_POLICY} />

      <section aria-labelledby="history-heading" className="space-y-2">
        <h2 id="history-heading" className="text-lg font-semibold">
          Version history
        </h2>
        <p className="max-w-3xl text-sm text-muted">
          Versions are never edited or deleted. The one in force at an instant is the highest-numbered version effective by then; each AI action
          is judged by the version in force when it happened.
        </p>
        {versions.length === 0 ? (
          <p className="text-sm">No versions yet.</p>
        ) : (
          <PolicyVersionsTable versions={versions} inForce={inForce?.version ?? null} scheduled={scheduled.map((v) => v.version)} />
        )}
      </section>
    </div>
  );
}

function Header({ children }: { children?: React.ReactNode }) {
  return (
    <header className="flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Policies</h1>
        <p className="mt-1 max-w-3xl text-muted">
          What the AI may decide alone and what needs a person, per workspace. Agents ask before they act (
          <code className="font-mono text-sm">POST /api/v1/authority/check</code>), and every AI action is judged by the version in force when it
          happened. Each change appends a version and is written to the access log.
        </p>
      </div>
      {children}
    </header>
  );
}
