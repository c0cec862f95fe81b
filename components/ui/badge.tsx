const TONES = {
  neutral: "bg-gray-100 text-gray-800",
  ok: "bg-green-100 text-green-900",
  warn: "bg-amber-100 text-amber-900",
  danger: "bg-red-100 text-red-900",
  brand: "bg-blue-100 text-blue-900",
} as const;

export function Badge({ tone = "neutral", children }: { tone?: keyof typeof TONES; children: React.ReactNode }) {
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-semibold ${TONES[tone]}`}>{children}</span>;
}
