import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { Explanation, ExplanationSection } from "@/lib/explain/types";
import { VerifyEvent } from "./verify-event";

const AUTHORITY = {
  within: { tone: "ok", label: "Within its authority" },
  beyond: { tone: "danger", label: "Beyond its authority" },
  "no-policy": { tone: "neutral", label: "No policy in force" },
  unavailable: { tone: "warn", label: "Authority check unavailable" },
  "not-checked": { tone: "brand", label: "A person decides" },
} as const;
const VERIFICATION = {
  verified: { tone: "ok", label: "Ledger: verified" },
  partial: { tone: "warn", label: "Ledger: awaiting checkpoint" },
  failed: { tone: "danger", label: "Ledger: verification failed" },
} as const;

function Facts({ facts, mono = false }: { facts: NonNullable<ExplanationSection["facts"]>; mono?: boolean }) {
  return (
    <dl className="mt-3 grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[minmax(9rem,max-content)_1fr]">
      {facts.map((f, i) => {
        const hash = mono && /^[0-9a-f]{64}$/.test(f.value);
        return (
          <div key={`${f.label}-${i}`} className="contents">
            <dt className="font-medium text-muted">{f.label}</dt>
            <dd className={hash ? "break-all font-mono text-xs leading-5" : "break-words"}>
              {f.href ? (
                <Link href={f.href} className="text-brand underline">
                  {f.value}
                </Link>
              ) : (
                f.value
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/** The explanation page's body: the title and the lead sentence first, then each section, with the proof and "verify this event". */
export function ExplanationView({ e, workspace }: { e: Explanation; workspace: string }) {
  const q = `?workspace=${encodeURIComponent(workspace)}`;
  const authority = AUTHORITY[e.authority.status];
  const verification = VERIFICATION[e.verification.status];
  return (
    <article className="space-y-6" aria-labelledby="explanation-title">
      <header className="space-y-3">
        <p className="text-sm font-semibold uppercase tracking-wide text-muted">
          Why the AI {e.type === "ai.proposal" ? "proposed this" : "did this"} · case{" "}
          <Link href={`/cases/${encodeURIComponent(e.caseId)}${q}`} className="break-words font-mono normal-case text-brand underline">
            {e.caseId}
          </Link>
        </p>
        {/* A short heading; the lead, which can run to several lines, is the paragraph under it. */}
        <h1 id="explanation-title" className="max-w-4xl break-words text-2xl font-semibold leading-snug tracking-tight">
          {e.title}
        </h1>
        <p data-testid="explanation-sentence" className="max-w-4xl break-words text-lg leading-relaxed">
          {e.sentence}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={authority.tone}>{authority.label}</Badge>
          <Badge tone={verification.tone}>{verification.label}</Badge>
          {e.confidence && <Badge>{`Confidence ${Math.round(e.confidence.value * 100)}%`}</Badge>}
          <span className="ml-auto flex gap-3 text-sm">
            <Link href={`/cases/${encodeURIComponent(e.caseId)}${q}`} className="text-brand underline">
              Case timeline
            </Link>
            <a href={`/api/v1/events/${e.eventId}/explanation?format=pdf&workspace=${encodeURIComponent(workspace)}`} download className="text-brand underline">
              Download PDF
            </a>
          </span>
        </div>
        {e.verification.status === "failed" && (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
            <strong>Verification failed.</strong> {e.verification.summary} What follows may describe altered data.
          </p>
        )}
      </header>
      <div className="grid grid-cols-1 gap-4">
        {e.sections.map((s) => (
          <section key={s.id} aria-labelledby={`section-${s.id}`} className="rounded-lg border border-line bg-white p-5">
            <h2 id={`section-${s.id}`} className="flex flex-wrap items-center gap-x-2 gap-y-1 text-lg font-semibold">
              {s.title}
              {s.id === "authority" && <Badge tone={authority.tone}>{authority.label}</Badge>}
            </h2>
            <div className="mt-2 space-y-2">
              {s.paragraphs.map((p, i) => (
                <p key={i} className={s.id === "why" && i === 0 && e.rationale ? "text-ink" : ""}>
                  {p}
                </p>
              ))}
            </div>
            {s.facts && s.facts.length > 0 && <Facts facts={s.facts} mono={s.id === "proof"} />}
            {s.id === "proof" && (
              <div className="mt-4 space-y-3 border-t border-line pt-4">
                {e.proof.inclusion && (
                  <details className="text-sm">
                    <summary className="cursor-pointer text-brand">Inclusion proof ({e.proof.inclusion.path.length} hashes) and the signed checkpoint</summary>
                    <ol className="mt-2 list-inside list-decimal break-all font-mono text-xs leading-5">
                      {e.proof.inclusion.path.map((h) => (
                        <li key={h}>{h}</li>
                      ))}
                    </ol>
                    {e.proof.checkpoint && <pre className="mt-2 overflow-x-auto rounded bg-gray-900 p-3 text-xs text-gray-100">{e.proof.checkpoint.note}</pre>}
                  </details>
                )}
                <VerifyEvent eventId={e.eventId} workspace={workspace} />
              </div>
            )}
          </section>
        ))}
      </div>
    </article>
  );
}
