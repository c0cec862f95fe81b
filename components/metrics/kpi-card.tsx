import type { CountKpi, DistributionKpi, RatioKpi } from "@/lib/metrics/types";
import { count, duration, NONE, percent } from "./format";

export type Better = "up" | "down" | "neutral";

interface Change {
  text: string;
  tone: "good" | "bad" | "neutral";
  /** What the screen reader says: "up 3.1 percentage points from 58.2% in the previous period". */
  spoken: string;
}

const TONE = { good: "text-ok", bad: "text-danger", neutral: "text-muted" } as const;
const ARROW = (d: number) => (d > 0 ? "▲" : d < 0 ? "▼" : "■");

function toneOf(delta: number, better: Better): Change["tone"] {
  if (delta === 0 || better === "neutral") return "neutral";
  return (delta > 0) === (better === "up") ? "good" : "bad";
}

export function rateChange(kpi: RatioKpi, better: Better): Change | null {
  const { value, previous } = kpi;
  if (value === null || previous.value === null) return null;
  const pp = (value - previous.value) * 100;
  const rounded = Math.round(pp * 10) / 10;
  return {
    text: `${ARROW(rounded)} ${Math.abs(rounded).toFixed(1)} pp`,
    tone: toneOf(rounded, better),
    spoken: `${rounded > 0 ? "up" : rounded < 0 ? "down" : "unchanged,"} ${Math.abs(rounded).toFixed(1)} percentage points from ${percent(previous.value)}`,
  };
}

function relativeChange(current: number | null, previous: number | null, better: Better, format: (n: number) => string): Change | null {
  if (current === null || previous === null || previous === 0) return null;
  const rel = Math.round(((current - previous) / previous) * 1000) / 10;
  return { text: `${ARROW(rel)} ${Math.abs(rel).toFixed(1)}%`, tone: toneOf(rel, better), spoken: `${rel > 0 ? "up" : rel < 0 ? "down" : "unchanged,"} ${Math.abs(rel).toFixed(1)}% from ${format(previous)}` };
}

export interface KpiCardProps {
  label: string;
  value: string;
  detail: string;
  /** null: no previous value to compare with; undefined: a comparison does not apply. */
  change: Change | null | undefined;
  definition: string;
}

export function KpiCard({ label, value, detail, change, definition }: KpiCardProps) {
  return (
    <article className="flex flex-col rounded-lg border border-line bg-white p-4" aria-label={label}>
      <h3 className="text-sm font-medium text-muted">{label}</h3>
      <p className="mt-1 flex items-baseline gap-2">
        <span className="text-2xl font-semibold tabular-nums">{value}</span>
        {change ? (
          <span className={`text-xs font-semibold tabular-nums ${TONE[change.tone]}`}>
            <span aria-hidden>{change.text}</span>
            <span className="sr-only">{change.spoken}</span>
          </span>
        ) : change === null ? (
          <span className="text-xs text-muted">no previous value</span>
        ) : null}
      </p>
      <p className="mt-1 text-xs text-muted tabular-nums">{detail}</p>
      <p className="mt-2 text-xs text-muted">{definition}</p>
    </article>
  );
}

export function RateCard({ label, kpi, better, of, definition }: { label: string; kpi: RatioKpi; better: Better; of: string; definition: string }) {
  return (
    <KpiCard
      label={label}
      value={percent(kpi.value)}
      detail={kpi.denominator === 0 ? `no ${of} in range` : `${count(kpi.numerator)} of ${count(kpi.denominator)} ${of}`}
      change={rateChange(kpi, better)}
      definition={definition}
    />
  );
}

export function CountCard({ label, kpi, of, definition }: { label: string; kpi: CountKpi; of: string; definition: string }) {
  return (
    <KpiCard
      label={label}
      value={count(kpi.value)}
      detail={`previous period: ${count(kpi.previous.value)} ${of}`}
      change={relativeChange(kpi.value, kpi.previous.value, "neutral", count)}
      definition={definition}
    />
  );
}

export function DurationCard({ label, kpi, better, of, definition }: { label: string; kpi: DistributionKpi; better: Better; of: string; definition: string }) {
  return (
    <KpiCard
      label={label}
      value={duration(kpi.median)}
      detail={kpi.count === 0 ? `no ${of} in range` : `median of ${count(kpi.count)} ${of}; p90 ${duration(kpi.p90)}`}
      change={relativeChange(kpi.median, kpi.previous.median, better, duration)}
      definition={definition}
    />
  );
}

export function KpiGridSkeleton({ cards = 8 }: { cards?: number }) {
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-hidden>
      {Array.from({ length: cards }, (_, i) => (
        <div key={i} className="h-36 animate-pulse rounded-lg border border-line bg-white p-4">
          <div className="h-3 w-24 rounded bg-gray-200" />
          <div className="mt-3 h-7 w-20 rounded bg-gray-200" />
          <div className="mt-3 h-3 w-32 rounded bg-gray-100" />
          <div className="mt-4 h-3 w-40 rounded bg-gray-100" />
        </div>
      ))}
    </div>
  );
}

export { NONE };
