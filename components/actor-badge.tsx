import type { ActorType } from "@/lib/events/constants";

// One colour and one word per kind of actor, everywhere a case is shown, so who acted reads at a glance.
export const ACTOR_STYLE: Record<ActorType, { label: string; badge: string; dot: string; border: string }> = {
  ai: { label: "AI", badge: "bg-violet-100 text-violet-900", dot: "bg-ai text-white", border: "border-l-ai" },
  human: { label: "Person", badge: "bg-teal-100 text-teal-900", dot: "bg-human text-white", border: "border-l-human" },
  system: { label: "System", badge: "bg-gray-200 text-gray-800", dot: "bg-gray-500 text-white", border: "border-l-gray-400" },
  customer: { label: "Customer", badge: "bg-amber-100 text-amber-900", dot: "bg-amber-600 text-white", border: "border-l-amber-500" },
};

export function ActorBadge({ type, id }: { type: ActorType; id?: string }) {
  const style = ACTOR_STYLE[type];
  return (
    <span className={`inline-flex items-center whitespace-pre rounded px-1.5 py-0.5 text-xs font-semibold ${style.badge}`}>
      {style.label}
      {id && type !== "customer" ? <span className="font-normal">{` · ${id}`}</span> : null}
    </span>
  );
}
