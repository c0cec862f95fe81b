import { AUTONOMY_LEVELS } from "@/lib/events/constants";
import type { DashboardQuery } from "@/lib/metrics/dashboard-query";
import { AutonomyChart } from "./autonomy-chart";
import { AUTONOMY_COLORS } from "./chart-config";
import { ChartFigure, NoData } from "./chart-figure";
import { loadBuckets } from "./data";
import { bucketLabel, percent } from "./format";

/** The autonomy rollout: how much of what the AI executes it does alone, per day or week. */
export async function AutonomySection({ dq, title = "Autonomy mix over time" }: { dq: DashboardQuery; title?: string }) {
  const buckets = await loadBuckets(dq.query, dq.seconds, ["autonomyMix"]);
  const data = buckets.map((b) => ({
    label: bucketLabel(b.from),
    total: b.kpis.autonomyMix.autonomous.denominator,
    ...Object.fromEntries(AUTONOMY_LEVELS.map((level) => [level, b.kpis.autonomyMix[level].value])),
  })) as Parameters<typeof AutonomyChart>[0]["data"];
  return (
    <ChartFigure
      title={title}
      description={`Share of AI-executed actions at each autonomy level, per ${dq.interval}. Autonomy should grow only where override and reversal rates stay low.`}
      table={{
        caption: "Autonomy mix per bucket",
        columns: [dq.interval === "day" ? "Day" : "Week from", "AI-executed actions", ...AUTONOMY_LEVELS.map((l) => AUTONOMY_COLORS[l].label)],
        rows: data.map((d) => [d.label, d.total, ...AUTONOMY_LEVELS.map((l) => percent(d[l]))]),
      }}
    >
      {data.some((d) => d.total > 0) ? <AutonomyChart title={title} data={data} /> : <NoData>No AI-executed actions in this range.</NoData>}
    </ChartFigure>
  );
}
