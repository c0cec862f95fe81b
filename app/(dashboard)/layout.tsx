import Link from "next/link";
import { DemoLoadBanner } from "@/components/demo-load-banner";
import { Nav } from "@/components/nav";
import { csrfTokenFromCookie, requireUser } from "@/lib/auth/guard";

// Every dashboard page needs someone signed in; each page then checks its own permission.
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <div className="flex min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <aside className="w-60 shrink-0 border-r border-line bg-white">
        {/* Sticky, so who is signed in and the sign-out button stay in view on long pages. */}
        <div className="sticky top-0 flex h-screen flex-col overflow-y-auto px-3 py-5">
          <Link href="/" className="mb-6 flex items-center gap-2 px-3 text-lg font-bold tracking-tight">
            <span aria-hidden className="inline-block h-6 w-6 rounded bg-brand text-center text-sm leading-6 text-white">W</span>
            Warrant
          </Link>
          <Nav user={user} csrfToken={await csrfTokenFromCookie()} />
        </div>
      </aside>
      <main id="main" className="flex-1 px-8 py-6">
        <DemoLoadBanner />
        {children}
      </main>
    </div>
  );
}
