import type { DashboardQuery } from "@/lib/metrics/dashboard-query";
import { ChartFigure, NoData } from "./chart-figure";
import { loadBuckets } from "./data";
import { bucketLabel, percent } from "./format";
import { ResolutionChart } from "./resolution-chart";

/** AI resolution against containment per day or week, with the hollow-containment gap shaded. */
export async function ResolutionSection({ dq }: { dq: DashboardQuery }) {
  const buckets = await loadBuckets(dq.query, dq.seconds, ["aiEngaged", "containment", "aiResolution", "hollowContainment"]);
  const data = buckets.map((b) => ({
    label: bucketLabel(b.from),
    containment: b.kpis.containment.value,
    aiResolution: b.kpis.aiResolution.value,
    hollowContainment: b.kpis.hollowContainment.value,
    engaged: b.kpis.aiEngaged.value,
  }));
  const any = data.some((d) => d.engaged > 0);
  const title = "AI resolution vs containment";
  return (
    <ChartFigure
      title={title}
      description={`Per ${dq.interval}, by the day each case started. The shaded gap is containment that did not turn into a resolution that held: customers kept away from people, not helped.`}
      table={{
        caption: "AI resolution, containment and hollow containment per bucket",
        columns: [dq.interval === "day" ? "Day" : "Week from", "AI-engaged cases", "Containment", "AI resolution", "Hollow containment"],
        rows: data.map((d) => [d.label, d.engaged, percent(d.containment), percent(d.aiResolution), percent(d.hollowContainment)]),
      }}
    >
      {any ? <ResolutionChart title={title} data={data} /> : <NoData>No AI-engaged cases started in this range.</NoData>}
    </ChartFigure>
  );
}
