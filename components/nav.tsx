import Link from "next/link";

export interface NavItem {
  href: string;
  label: string;
  /** Who the page is for, shown as a hint under the label. */
  audience: string;
}

// Only pages that exist are listed: a navigation entry that leads to a 404 is worse than none.
export const NAV_ITEMS: NavItem[] = [{ href: "/", label: "Home", audience: "Ledger status" }];

export function Nav({ current }: { current: string }) {
  return (
    <nav aria-label="Main" className="flex flex-col gap-1">
      {NAV_ITEMS.map((item) => {
        const active = item.href === current;
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
