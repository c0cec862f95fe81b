"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface NavLink {
  href: string;
  label: string;
  audience: string;
  section?: string;
}

export function NavLinks({ items }: { items: NavLink[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-1">
      {items.map((item) => {
        const active = pathname === item.href || (item.section !== undefined && (pathname === item.section || pathname.startsWith(`${item.section}/`)));
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-2 text-sm ${active ? "bg-blue-50 font-semibold text-brand" : "text-ink hover:bg-gray-100"}`}
          >
            <span className="block">{item.label}</span>
            <span className="block text-xs font-normal text-muted">{item.audience}</span>
          </Link>
        );
      })}
    </nav>
  );
}
