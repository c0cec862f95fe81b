// The one place chart colours and series names are defined. Every colour reaches at least 4.5:1
// against white (WCAG AA for text), so lines, legends and labels stay readable; fills use the same
// hues at low opacity.
import { AUTONOMY_LEVELS } from "@/lib/events/constants";

export const CHART = {
  containment: { label: "Containment", color: "#1d4ed8" },
  aiResolution: { label: "AI resolution (holding)", color: "#15803d" },
  hollow: { label: "Hollow gap: contained, not resolved", color: "#b91c1c" },
  csatAi: { label: "CSAT, resolved by AI", color: "#6d28d9" },
  csatHuman: { label: "CSAT, resolved by people", color: "#0f766e" },
  accuracy: { label: "Let stand (not overridden or reversed)", color: "#1d4ed8" },
  confidence: { label: "Stated confidence", color: "#b45309" },
  override: { label: "Override rate", color: "#b91c1c" },
  approval: { label: "Approval rate", color: "#15803d" },
} as const;

export const AUTONOMY_COLORS: Record<(typeof AUTONOMY_LEVELS)[number], { label: string; color: string }> = {
  assist: { label: "Assist (AI suggests, a person acts)", color: "#475569" },
  approve: { label: "Approve (a person approves first)", color: "#0f766e" },
  supervised: { label: "Supervised (a person reviews after)", color: "#b45309" },
  autonomous: { label: "Autonomous (AI alone)", color: "#6d28d9" },
};

/**
 * The accessible name of a chart's drawing. Recharts makes the drawing a tab stop whose arrow keys step
 * the tooltip through the points; without a name a screen reader announces only "application".
 */
export const chartLabel = (title: string) => `${title}: chart. Arrow keys step through the points; the data table below lists every figure.`;

export const AXIS = { tick: { fill: "#4b5563", fontSize: 12 }, stroke: "#9ca3af" } as const;
export const GRID = "#e5e7eb";
