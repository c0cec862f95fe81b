import { Badge } from "@/components/ui/badge";

const TONE = { resolved: "ok", unresolved: "warn", abandoned: "danger", open: "neutral" } as const;

export function OutcomeBadge({ outcome, resolvedBy }: { outcome: string; resolvedBy?: string | null }) {
  const tone = TONE[outcome as keyof typeof TONE] ?? "neutral";
  const by = outcome === "resolved" && resolvedBy ? ` · ${resolvedBy === "ai" ? "by AI" : resolvedBy === "human" ? "by a person" : "AI + person"}` : "";
  return <Badge tone={tone}>{`${outcome}${by}`}</Badge>;
}
