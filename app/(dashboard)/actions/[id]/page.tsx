import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/empty-state";
import { ExplanationView } from "@/components/explanation-view";
import { appendAccessLog } from "@/lib/auth/access-log";
import { requestIp, requirePermission } from "@/lib/auth/guard";
import { pickWorkspace, workspacesWithEvents } from "@/lib/cases/workspace";
import { accountabilityFromEnv, EventNotFoundError, explainAction, NotExplainableError, type Explanation } from "@/lib/explain";
import { runtime } from "@/lib/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Why the AI acted" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ workspace?: string }> };

// /actions/{id} — the explanation of one AI proposal or action, sentence first; each view is logged.
export default async function ActionPage({ params, searchParams }: Props) {
  const user = await requirePermission("cases.read");
  const { id } = await params;
  const rt = await runtime();
  const db = rt.handle.db;
  const workspace = pickWorkspace(await workspacesWithEvents(db), (await searchParams).workspace);
  let explanation: Explanation;
  try {
    explanation = await explainAction(db, rt.ledger, workspace, id, { accountability: accountabilityFromEnv(rt.env) });
  } catch (error) {
    if (EventNotFoundError.is(error)) notFound();
    if (NotExplainableError.is(error)) {
      return (
        <div className="max-w-3xl">
          <EmptyState title="Only AI decisions have explanations">
            <p>
              This event is a <code>{error.eventType}</code>, not an AI proposal or action.{" "}
              <Link href={`/cases/${encodeURIComponent(error.caseId)}?workspace=${encodeURIComponent(workspace)}`} className="text-brand underline">
                See it in its case
              </Link>
              .
            </p>
          </EmptyState>
        </div>
      );
    }
    throw error;
  }
  await appendAccessLog(db, {
    workspaceId: workspace,
    actor: user.email,
    action: "explanation.view",
    target: explanation.eventId,
    ip: await requestIp(),
    details: { via: "page", caseId: explanation.caseId, verification: explanation.verification.status },
  });
  return (
    <div className="max-w-5xl space-y-4">
      <nav aria-label="Breadcrumb" className="break-words text-sm">
        <Link href={`/cases?workspace=${encodeURIComponent(workspace)}`} className="text-brand underline">
          Cases
        </Link>
        <span className="text-muted"> / </span>
        <Link href={`/cases/${encodeURIComponent(explanation.caseId)}?workspace=${encodeURIComponent(workspace)}`} className="text-brand underline">
          {explanation.caseId}
        </Link>
        <span className="text-muted"> / explanation</span>
      </nav>
      <ExplanationView e={explanation} workspace={workspace} />
    </div>
  );
}
