import Link from "next/link";
import { AppMenu } from "@/components/app-menu";
import { DemoLoadBanner } from "@/components/demo-load-banner";
import { Nav } from "@/components/nav";
import { csrfTokenFromCookie, requireUser } from "@/lib/auth/guard";

// Every dashboard page needs someone signed in; each page then checks its own permission.
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <div className="min-h-screen md:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-30 focus:bg-white focus:p-2">
        Skip to content
      </a>
      {/* Below md a sticky top bar whose menu opens the navigation; from md a sidebar. */}
      <aside className="sticky top-0 z-20 border-b border-line bg-white md:static md:z-auto md:w-60 md:shrink-0 md:border-b-0 md:border-r">
        {/* Sticky, so who is signed in and the sign-out button stay in view on long pages. */}
        <div className="flex max-h-dvh flex-col overflow-y-auto px-3 py-2 md:sticky md:top-0 md:h-screen md:max-h-none md:py-5">
          <AppMenu
            brand={
              <Link href="/" className="flex items-center gap-2 px-3 text-lg font-bold tracking-tight">
                <span aria-hidden className="inline-block h-6 w-6 rounded bg-brand text-center text-sm leading-6 text-white">W</span>
                Warrant
              </Link>
            }
          >
            <Nav user={user} csrfToken={await csrfTokenFromCookie()} />
          </AppMenu>
        </div>
      </aside>
      {/* min-w-0: a flex item may shrink below its content, so wide tables scroll in their own box, not the page.
          break-words (inherited): an id or hash too long for its line wraps instead of pushing the page wider. */}
      <main id="main" className="min-w-0 flex-1 break-words px-4 py-5 md:px-8 md:py-6">
        <DemoLoadBanner />
        {children}
      </main>
    </div>
  );
}
