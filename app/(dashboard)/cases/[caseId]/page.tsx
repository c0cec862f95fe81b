import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ACTOR_STYLE } from "@/components/actor-badge";
import { CaseTimeline } from "@/components/case-timeline";
import { OutcomeBadge } from "@/components/outcome-badge";
import { appendAccessLog } from "@/lib/auth/access-log";
import { requestIp, requirePermission } from "@/lib/auth/guard";
import { caseTimeline } from "@/lib/cases/timeline";
import { plural } from "@/lib/explain/words";
import { pickWorkspace, workspacesWithEvents } from "@/lib/cases/workspace";
import { runtime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ caseId: string }>; searchParams: Promise<{ workspace?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Case ${decodeURIComponent((await params).caseId).slice(0, 80)}` };
}

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

// /cases/{caseId} — the story of one case: every event in order, who acted, what answered what. Each view is logged.
export default async function CasePage({ params, searchParams }: Props) {
  const user = await requirePermission("cases.read");
  const caseId = decodeURIComponent((await params).caseId).slice(0, 200);
  const db = (await runtime()).handle.db;
  const workspace = pickWorkspace(await workspacesWithEvents(db), (await searchParams).workspace);
  const timeline = await caseTimeline(db, workspace, caseId);
  if (!timeline) notFound();
  await appendAccessLog(db, { workspaceId: workspace, actor: user.email, action: "case.view", target: caseId, ip: await requestIp(), details: { via: "page", events: timeline.events.length } });

  const c = timeline.case;
  const decisions = timeline.events.filter((e) => e.explainable);
  const latest = decisions.at(-1);
  const q = `?workspace=${encodeURIComponent(workspace)}`;
  return (
    <div className="max-w-5xl space-y-6">
      <nav aria-label="Breadcrumb" className="break-words text-sm">
        <Link href={`/cases${q}`} className="text-brand underline">
          Cases
        </Link>
        <span className="text-muted"> / {c.caseId}</span>
      </nav>
      <header className="space-y-2">
        <p className="text-sm font-semibold uppercase tracking-wide text-muted">Case</p>
        <h1 className="flex flex-wrap items-center gap-3 font-mono text-2xl font-bold tracking-tight">
          {/* Case ids come from other systems and can be long unbroken tokens: let them wrap on a phone. */}
          <span className="min-w-0 break-words">{c.caseId}</span> <OutcomeBadge outcome={c.outcome} resolvedBy={c.resolvedBy} />
        </h1>
        <p className="text-muted">
          {c.journey.replaceAll("_", " ")} · {c.channel}
          {c.customerRef ? ` · customer ${c.customerRef}` : ""} · started {dateTime.format(new Date(c.startedAt))} UTC · {plural(c.eventCount, "event")}
          {c.reopenedCount > 0 ? ` · reopened ${c.reopenedCount}×` : ""}
        </p>
        {latest && (
          <p>
            <Link href={`/actions/${latest.eventId}${q}`} className="inline-flex rounded-md bg-brand px-4 py-2 text-sm font-medium text-white hover:bg-blue-800">
              Explain the latest AI {latest.type === "ai.proposal" ? "proposal" : "action"}
            </Link>
            <span className="ml-3 text-sm text-muted">
              {decisions.length} AI {decisions.length === 1 ? "decision" : "decisions"} in this case
            </span>
          </p>
        )}
      </header>
      <section aria-labelledby="timeline-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 id="timeline-heading" className="text-lg font-semibold">
            Timeline
          </h2>
          <ul aria-label="Legend" className="flex flex-wrap gap-3 text-xs text-muted">
            {Object.entries(ACTOR_STYLE).map(([type, style]) => (
              <li key={type} className="flex items-center gap-1">
                <span aria-hidden className={`inline-block h-3 w-3 rounded-full ${style.dot}`} /> {style.label}
              </li>
            ))}
            <li className="flex items-center gap-1">
              <span aria-hidden className="inline-block h-3 w-3 rotate-45 border-2 border-slate-500" /> Handoff
            </li>
            <li>Arrows: what answers what</li>
          </ul>
        </div>
        <CaseTimeline events={timeline.events} workspace={workspace} />
      </section>
    </div>
  );
}
