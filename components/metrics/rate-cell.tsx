import type { Ratio } from "@/lib/metrics/types";
import { count, percent } from "./format";

/** A rate in a table cell; its numerator and denominator on hover and for screen readers. */
export function RateCell({ ratio, of }: { ratio: Ratio; of: string }) {
  const detail = `${count(ratio.numerator)} of ${count(ratio.denominator)} ${of}`;
  return (
    <td className="px-3 py-2 text-right tabular-nums" title={detail}>
      {percent(ratio.value)}
      <span className="sr-only"> ({detail})</span>
    </td>
  );
}
