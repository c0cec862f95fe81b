/**
 * A wide table scrolls sideways inside this box instead of widening the page (a phone is ~390 px wide).
 * `relative` makes it the containing block of the table's visually hidden (absolutely positioned)
 * labels: without it they escape the clipping and stretch the page anyway.
 */
export function TableScroll({ className = "", children }: { className?: string; children: React.ReactNode }) {
  return <div className={`relative overflow-x-auto ${className}`}>{children}</div>;
}
