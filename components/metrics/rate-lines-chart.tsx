"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, chartLabel, GRID } from "./chart-config";

export interface RateSeries {
  key: string;
  label: string;
  color: string;
}

/** Several rates over the same buckets (values are fractions; null = nothing measured in the bucket). */
export function RateLinesChart({ title, data, series, unit, height = 260 }: { title: string; data: Record<string, string | number | null>[]; series: RateSeries[]; unit: string; height?: number }) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart aria-label={chartLabel(title)} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="label" tick={AXIS.tick} stroke={AXIS.stroke} minTickGap={16} />
        <YAxis
          domain={[0, 1]}
          tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
          tick={AXIS.tick}
          stroke={AXIS.stroke}
          width={72}
          label={{ value: unit, angle: -90, position: "insideLeft", offset: 4, style: { fill: "#4b5563", fontSize: 12, textAnchor: "middle" } }}
        />
        <Tooltip formatter={(value, name) => [typeof value === "number" ? `${(value * 100).toFixed(1)}%` : "—", name]} contentStyle={{ fontSize: 12 }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s) => (
          <Line key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={2} dot={data.length <= 16} connectNulls={false} isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
