"use client";

import { useEffect, useState, type RefObject } from "react";

interface Arc {
  key: string;
  d: string;
  y1: number;
  y2: number;
}

/**
 * Draws each parent → child link of a timeline as an arc in a gutter beside the list, measured from the
 * rendered steps (`#step-N`), so "this approval answers that proposal" is visible at a glance. The same
 * links are written out in each step for screen readers; this drawing is decorative.
 */
export function CausalLinks({ links, container }: { links: { from: number; to: number }[]; container: RefObject<HTMLElement | null> }) {
  const [arcs, setArcs] = useState<Arc[]>([]);
  const [height, setHeight] = useState(0);

  useEffect(() => {
    const root = container.current;
    if (!root) return;
    const measure = () => {
      const top = root.getBoundingClientRect().top;
      const anchor = (n: number) => {
        const el = root.querySelector<HTMLElement>(`#step-${n + 1} [data-anchor]`) ?? root.querySelector<HTMLElement>(`#step-${n + 1}`);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return r.top - top + Math.min(r.height / 2, 22);
      };
      const next: Arc[] = [];
      links.forEach((link, k) => {
        const y1 = anchor(link.from);
        const y2 = anchor(link.to);
        if (y1 === null || y2 === null) return;
        const reach = 14 + (k % 3) * 9;
        next.push({ key: `${link.from}-${link.to}`, y1, y2, d: `M 2 ${y1} C ${reach * 2} ${y1}, ${reach * 2} ${y2}, 6 ${y2}` });
      });
      setArcs(next);
      setHeight(root.scrollHeight);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(root);
    return () => observer.disconnect();
  }, [links, container]);

  return (
    <svg aria-hidden className="pointer-events-none absolute right-0 top-0 w-12 overflow-visible" height={height} data-testid="causal-links">
      <defs>
        <marker id="arrow" viewBox="0 0 8 8" refX="6" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 8 4 L 0 8 z" fill="#64748b" />
        </marker>
      </defs>
      {arcs.map((arc) => (
        <g key={arc.key}>
          <circle cx="2" cy={arc.y1} r="3" fill="#64748b" />
          <path d={arc.d} fill="none" stroke="#64748b" strokeWidth="1.5" markerEnd="url(#arrow)" />
        </g>
      ))}
    </svg>
  );
}
