/** Says that the workspace a URL asked for does not exist, and which one the page shows instead. */
export function MissingWorkspace({ requested, shown }: { requested: string; shown: string }) {
  return (
    <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      There is no workspace “{requested}”; showing {shown}.
    </p>
  );
}
