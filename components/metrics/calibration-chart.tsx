"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, CHART, chartLabel, GRID } from "./chart-config";

export interface BandPoint {
  label: string;
  count: number;
  /** Share let stand (not overridden, edited, rejected or reversed). */
  accuracy: number | null;
  meanConfidence: number | null;
}

/**
 * Per confidence band: how often people let the AI's decision stand (bars) against how sure the AI
 * said it was (line). Bars below the line: over-confident; above: under-confident.
 */
export function CalibrationChart({ title, data }: { title: string; data: BandPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={300}>
      <ComposedChart aria-label={chartLabel(title)} data={data} margin={{ top: 16, right: 16, bottom: 20, left: 8 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis
          dataKey="label"
          tick={AXIS.tick}
          stroke={AXIS.stroke}
          label={{ value: "Stated confidence band", position: "insideBottom", offset: -12, style: { fill: "#4b5563", fontSize: 12 } }}
        />
        <YAxis
          domain={[0, 1]}
          tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
          tick={AXIS.tick}
          stroke={AXIS.stroke}
          width={72}
          label={{ value: "% of decisions", angle: -90, position: "insideLeft", offset: 4, style: { fill: "#4b5563", fontSize: 12, textAnchor: "middle" } }}
        />
        <Tooltip
          formatter={(value, name) => [typeof value === "number" ? `${(value * 100).toFixed(1)}%` : "—", name]}
          labelFormatter={(label, payload) => `Confidence ${label} · ${payload?.[0]?.payload?.count ?? 0} decisions`}
          contentStyle={{ fontSize: 12 }}
        />
        <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12, paddingBottom: 12 }} />
        <Bar dataKey="accuracy" name={CHART.accuracy.label} fill={CHART.accuracy.color} fillOpacity={0.85} isAnimationActive={false} />
        <Line dataKey="meanConfidence" name={CHART.confidence.label} stroke={CHART.confidence.color} strokeWidth={2} dot={{ r: 3 }} connectNulls={false} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
