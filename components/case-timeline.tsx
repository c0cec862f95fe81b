"use client";

import Link from "next/link";
import { useMemo, useRef } from "react";
import { Badge } from "@/components/ui/badge";
import type { TimelineEntry } from "@/lib/cases/timeline";
import { ACTOR_STYLE, ActorBadge } from "./actor-badge";
import { CausalLinks } from "./causal-links";

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const TYPE_LABEL: Record<TimelineEntry["type"], string> = {
  "case.opened": "Case opened",
  "ai.proposal": "AI proposal",
  "action.executed": "Action",
  "approval.decided": "Approval decision",
  "action.overridden": "Override",
  "action.reversed": "Reversal",
  handoff: "Handoff",
  "case.outcome": "Outcome",
  "case.reopened": "Reopened",
  feedback: "Feedback",
};
const FLAG_TONE = { approved: "ok", edited: "warn", rejected: "danger", expired: "neutral", overridden: "danger", reversed: "danger" } as const;
const INITIAL = { ai: "AI", human: "P", system: "S", customer: "C" } as const;

/** A case's events in order: each actor in its own colour, answers linked to what they answer, handoffs set apart. */
export function CaseTimeline({ events, workspace }: { events: TimelineEntry[]; workspace: string }) {
  const list = useRef<HTMLOListElement>(null);
  const links = useMemo(() => events.flatMap((e, i) => (e.parentIndex === null ? [] : [{ from: e.parentIndex, to: i }])), [events]);
  const q = `?workspace=${encodeURIComponent(workspace)}`;
  return (
    <div className="relative pr-14">
      <ol ref={list} className="relative space-y-3" aria-label="Case timeline">
        <span aria-hidden className="absolute bottom-2 left-[15px] top-2 w-px bg-gray-300" />
        {events.map((e, i) => {
          const style = ACTOR_STYLE[e.actor.type];
          const parent = e.parentIndex === null ? null : events[e.parentIndex];
          if (e.handoff) {
            const carried = e.handoff.contextTransferred;
            return (
              <li key={e.eventId} id={`step-${i + 1}`} className="relative pl-11">
                <span aria-hidden data-anchor className="absolute left-[7px] top-3 h-[18px] w-[18px] rotate-45 border-2 border-slate-500 bg-white" />
                <article
                  className={`rounded-lg border-2 border-dashed px-4 py-3 ${carried ? "border-slate-300 bg-slate-50" : "border-amber-400 bg-amber-50"}`}
                  aria-label={`Step ${i + 1}: ${TYPE_LABEL[e.type]}`}
                >
                  <p className="flex flex-wrap items-center gap-2 text-xs text-muted">
                    <span className="font-semibold uppercase tracking-wide">Step {i + 1} · Handoff</span>
                    <ActorBadge type={e.actor.type} id={e.actor.id} />
                    <time dateTime={e.occurredAt}>{dateTime.format(new Date(e.occurredAt))}</time>
                    <span className="font-mono">#{e.seq}</span>
                  </p>
                  <p className="mt-1 font-medium">
                    {e.handoff.from === "ai" ? "AI" : "Person"} → {e.handoff.to === "ai" ? "AI" : "Person"}
                    <span className="ml-2">
                      <Badge tone={carried ? "ok" : "warn"}>{carried ? "Context carried over" : "Context NOT carried over"}</Badge>
                    </span>
                  </p>
                  <p className="mt-1 text-sm">{e.summary}</p>
                </article>
              </li>
            );
          }
          return (
            <li key={e.eventId} id={`step-${i + 1}`} className="relative pl-11">
              <span
                aria-hidden
                data-anchor
                className={`absolute left-0 top-2.5 flex h-8 w-8 items-center justify-center rounded-full text-[11px] font-bold ring-4 ring-slate-50 ${style.dot}`}
              >
                {INITIAL[e.actor.type]}
              </span>
              <article className={`rounded-lg border border-line border-l-4 bg-white px-4 py-3 ${style.border}`} aria-label={`Step ${i + 1}: ${TYPE_LABEL[e.type]}`}>
                <p className="flex flex-wrap items-center gap-2 text-xs text-muted">
                  <span className="font-semibold uppercase tracking-wide">
                    Step {i + 1} · {TYPE_LABEL[e.type]}
                  </span>
                  <ActorBadge type={e.actor.type} id={e.actor.id} />
                  <time dateTime={e.occurredAt}>{dateTime.format(new Date(e.occurredAt))}</time>
                  <span className="font-mono">#{e.seq}</span>
                </p>
                <p className="mt-1 break-words">{e.summary}</p>
                {parent && e.parentIndex !== null && (
                  <p className="mt-1 text-sm text-muted">
                    ↳ answers{" "}
                    <a href={`#step-${e.parentIndex + 1}`} className="text-brand underline">
                      step {e.parentIndex + 1}
                    </a>
                    : {parent.summary}
                  </p>
                )}
                {e.details.length > 0 && (
                  <dl className="mt-2 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
                    {e.details.map((d) => (
                      <div key={d.label} className="contents">
                        <dt className="text-muted">{d.label}</dt>
                        <dd className="break-words">{d.value}</dd>
                      </div>
                    ))}
                  </dl>
                )}
                {(e.flags.length > 0 || e.explainable || e.answeredBy.length > 0) && (
                  <div className="mt-2 flex flex-wrap items-center gap-2">
                    {e.flags.map((f) => (
                      <Badge key={f} tone={FLAG_TONE[f]}>
                        {f}
                      </Badge>
                    ))}
                    {e.answeredBy.length > 0 && (
                      <span className="text-xs text-muted">
                        answered by {e.answeredBy.map((n) => `step ${n + 1}`).join(", ")}
                      </span>
                    )}
                    {e.explainable && (
                      <Link href={`/actions/${e.eventId}${q}`} className="ml-auto rounded-md bg-brand px-3 py-1 text-xs font-medium text-white hover:bg-blue-800">
                        Why? Explain this AI {e.type === "ai.proposal" ? "proposal" : "action"}
                      </Link>
                    )}
                  </div>
                )}
              </article>
            </li>
          );
        })}
      </ol>
      <CausalLinks links={links} container={list} />
    </div>
  );
}
