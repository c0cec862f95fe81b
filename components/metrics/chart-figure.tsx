import { useId } from "react";
import { TableScroll } from "@/components/ui/table-scroll";

export interface DataTable {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}

/**
 * A chart with its title, a sentence on how to read it, and the same numbers as a table behind a
 * disclosure: for screen readers, keyboard users, and anyone who wants to copy a figure.
 */
export function ChartFigure({ title, description, table, children }: { title: string; description: string; table?: DataTable; children: React.ReactNode }) {
  const id = useId();
  return (
    <figure aria-labelledby={id} className="rounded-lg border border-line bg-white p-4">
      <figcaption>
        <h2 id={id} className="text-base font-semibold">{title}</h2>
        <p className="mt-1 text-sm text-muted">{description}</p>
      </figcaption>
      <div className="mt-3">{children}</div>
      {table && table.rows.length > 0 && (
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-brand">Data table</summary>
          <TableScroll className="mt-2 max-h-72 overflow-y-auto">
            <table className="w-full border-collapse text-xs">
              <caption className="sr-only">{table.caption}</caption>
              <thead>
                <tr className="border-b border-line text-left text-muted">
                  {table.columns.map((c, i) => (
                    <th key={i} scope="col" className="px-2 py-1 font-medium">{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, i) => (
                  <tr key={i} className="border-b border-line last:border-0">
                    {row.map((cell, j) =>
                      j === 0 ? (
                        <th key={j} scope="row" className="px-2 py-1 text-left font-normal">{cell}</th>
                      ) : (
                        <td key={j} className="px-2 py-1 tabular-nums">{cell}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </details>
      )}
    </figure>
  );
}

export function ChartSkeleton({ title, height = 280 }: { title: string; height?: number }) {
  return (
    <div className="rounded-lg border border-line bg-white p-4" aria-busy="true" aria-label={`Loading ${title}`}>
      <div className="h-4 w-56 rounded bg-gray-200" />
      <div className="mt-2 h-3 w-96 max-w-full rounded bg-gray-100" />
      <div className="mt-4 animate-pulse rounded bg-gray-100" style={{ height }} />
    </div>
  );
}

export function NoData({ children }: { children: React.ReactNode }) {
  return <p className="flex h-40 items-center justify-center rounded border border-dashed border-gray-300 text-sm text-muted">{children}</p>;
}
