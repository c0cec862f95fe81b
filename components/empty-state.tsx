export function EmptyState({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby="empty-title" className="rounded-lg border border-dashed border-gray-300 bg-white p-8">
      <h2 id="empty-title" className="text-lg font-semibold">
        {title}
      </h2>
      <div className="mt-3 space-y-3 text-sm text-muted">{children}</div>
    </section>
  );
}
