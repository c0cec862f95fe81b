// Pages for people who are not signed in yet: a centred card, no navigation.
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm space-y-6">
        <p className="flex items-center justify-center gap-2 text-lg font-bold tracking-tight">
          <span aria-hidden className="inline-block h-7 w-7 rounded bg-brand text-center text-sm leading-7 text-white">W</span>
          Warrant
        </p>
        <div className="rounded-lg border border-line bg-white p-6 shadow-sm">{children}</div>
      </div>
    </main>
  );
}
