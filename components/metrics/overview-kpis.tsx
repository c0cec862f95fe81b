import type { MetricsQuery } from "@/lib/metrics/types";
import { loadMetrics } from "./data";
import { CountCard, DurationCard, RateCard } from "./kpi-card";

/** The headline KPIs with their change against the previous period of equal length. */
export async function OverviewKpis({ query }: { query: MetricsQuery }) {
  const { kpis: k } = await loadMetrics(query);
  return (
    <section aria-labelledby="kpis-heading" className="space-y-2">
      <h2 id="kpis-heading" className="sr-only">Key figures</h2>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <CountCard label="AI-engaged cases" kpi={k.aiEngaged} of="cases" definition="Cases started in the range in which an AI acted." />
        <RateCard label="AI resolution" kpi={k.aiResolution} better="up" of="finished AI-engaged cases" definition="Resolved by the AI and the customer did not come back within 7 days." />
        <RateCard label="Containment" kpi={k.containment} better="neutral" of="AI-engaged cases" definition="Never handed to a person. Not the same as resolved: read with hollow containment." />
        <RateCard label="Hollow containment" kpi={k.hollowContainment} better="down" of="finished contained cases" definition="Contained, yet unresolved, abandoned, or the customer came back." />
        <RateCard label="First-contact resolution" kpi={k.fcr} better="up" of="finished first contacts" definition="Resolved on the first contact, held, never reopened." />
        <RateCard label="Repeat contact" kpi={k.repeatContact} better="down" of="resolved cases" definition="The customer came back within the window after a resolution." />
        <RateCard label="Override rate" kpi={k.override} better="down" of="AI decisions open to review" definition="Rejected, edited or overridden by a person." />
        <RateCard label="Reversal rate" kpi={k.reversal} better="down" of="AI-executed actions" definition="AI actions that were later rolled back." />
        <RateCard label="Policy breaches" kpi={k.policyBreach} better="down" of="AI-executed actions" definition="Executed above the autonomy the policy in force allowed." />
        <RateCard label="Escalation" kpi={k.escalation} better="neutral" of="AI-engaged cases" definition="Handed from the AI to a person, for any reason." />
        <RateCard label="CSAT, AI-resolved" kpi={k.csatAi} better="up" of="survey answers" definition="Answers in the top two points of their scale." />
        <DurationCard label="Time to resolution" kpi={k.timeToResolution} better="down" of="resolved cases" definition="From the case's first event to its resolution." />
      </div>
    </section>
  );
}
