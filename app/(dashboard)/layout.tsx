import Link from "next/link";
import { Nav } from "@/components/nav";

export default function DashboardLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <aside className="w-60 shrink-0 border-r border-line bg-white px-3 py-5">
        <Link href="/" className="mb-6 flex items-center gap-2 px-3 text-lg font-bold tracking-tight">
          <span aria-hidden className="inline-block h-6 w-6 rounded bg-brand text-center text-sm leading-6 text-white">W</span>
          Warrant
        </Link>
        <Nav current="/" />
      </aside>
      <main id="main" className="flex-1 px-8 py-6">
        {children}
      </main>
    </div>
  );
}
