"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AUTONOMY_LEVELS } from "@/lib/events/constants";
import { AUTONOMY_COLORS, AXIS, chartLabel, GRID } from "./chart-config";

export interface AutonomyPoint {
  label: string;
  /** AI-executed actions in the bucket. */
  total: number;
  assist: number | null;
  approve: number | null;
  supervised: number | null;
  autonomous: number | null;
}

/** Share of AI-executed actions at each autonomy level, per bucket, stacked to 100%. */
export function AutonomyChart({ title, data, height = 280 }: { title: string; data: AutonomyPoint[]; height?: number }) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart aria-label={chartLabel(title)} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="label" tick={AXIS.tick} stroke={AXIS.stroke} minTickGap={16} />
        <YAxis
          domain={[0, 1]}
          tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
          tick={AXIS.tick}
          stroke={AXIS.stroke}
          width={72}
          label={{ value: "% of AI-executed actions", angle: -90, position: "insideLeft", offset: 4, style: { fill: "#4b5563", fontSize: 12, textAnchor: "middle" } }}
        />
        <Tooltip
          formatter={(value, name) => [typeof value === "number" ? `${(value * 100).toFixed(1)}%` : "—", name]}
          labelFormatter={(label, payload) => `${label} · ${payload?.[0]?.payload?.total ?? 0} actions`}
          contentStyle={{ fontSize: 12 }}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={(item) => AUTONOMY_LEVELS.indexOf(item.dataKey as (typeof AUTONOMY_LEVELS)[number])} />
        {AUTONOMY_LEVELS.map((level) => (
          <Bar key={level} dataKey={level} stackId="mix" name={AUTONOMY_COLORS[level].label} fill={AUTONOMY_COLORS[level].color} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
