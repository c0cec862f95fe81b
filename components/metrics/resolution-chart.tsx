"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, CHART, chartLabel, GRID } from "./chart-config";

export interface ResolutionPoint {
  label: string;
  containment: number | null;
  aiResolution: number | null;
  hollowContainment: number | null;
  engaged: number;
}

const pct = (v: unknown) => (typeof v === "number" ? `${(v * 100).toFixed(1)}%` : "—");

function TooltipBody({ active, payload, label }: { active?: boolean; payload?: { payload: ResolutionPoint }[]; label?: string }) {
  if (!active || !payload?.length) return null;
  const p = payload[0].payload;
  return (
    <div className="rounded-md border border-line bg-white p-2 text-xs shadow">
      <p className="font-semibold">{label}</p>
      <p style={{ color: CHART.containment.color }}>Containment {pct(p.containment)}</p>
      <p style={{ color: CHART.aiResolution.color }}>AI resolution {pct(p.aiResolution)}</p>
      <p style={{ color: CHART.hollow.color }}>Hollow containment {pct(p.hollowContainment)}</p>
      <p className="text-muted">{p.engaged} AI-engaged cases started</p>
    </div>
  );
}

/** Containment and AI resolution per bucket; the band between them is deflection that did not resolve. */
export function ResolutionChart({ title, data }: { title: string; data: ResolutionPoint[] }) {
  const rows = data.map((d) => ({
    ...d,
    gap: d.containment !== null && d.aiResolution !== null ? [Math.min(d.aiResolution, d.containment), Math.max(d.aiResolution, d.containment)] : null,
  }));
  return (
    <ResponsiveContainer width="100%" height={300}>
      <ComposedChart aria-label={chartLabel(title)} data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="label" tick={AXIS.tick} stroke={AXIS.stroke} minTickGap={16} />
        <YAxis
          domain={[0, 1]}
          tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
          tick={AXIS.tick}
          stroke={AXIS.stroke}
          width={72}
          label={{ value: "% of AI-engaged cases", angle: -90, position: "insideLeft", offset: 4, style: { fill: "#4b5563", fontSize: 12, textAnchor: "middle" } }}
        />
        <Tooltip content={<TooltipBody />} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Area type="monotone" dataKey="gap" name={CHART.hollow.label} stroke="none" fill={CHART.hollow.color} fillOpacity={0.15} connectNulls={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="containment" name={CHART.containment.label} stroke={CHART.containment.color} strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="aiResolution" name={CHART.aiResolution.label} stroke={CHART.aiResolution.color} strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
