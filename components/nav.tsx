import { SignOutButton } from "@/components/sign-out-button";
import type { SessionUser } from "@/lib/auth/guard";
import { type Permission, ROLE_LABELS, roleCan } from "@/lib/auth/permissions";
import { NavLinks } from "./nav-links";

export interface NavItem {
  href: string;
  label: string;
  /** Who the page is for, shown as a hint under the label. */
  audience: string;
  /** Shown only to roles holding this permission (the page itself enforces it too). */
  permission: Permission;
  /** The item is also current for every path under this prefix (besides its href itself). */
  section?: string;
}

// Only pages that exist are listed: a navigation entry that leads to a 404 is worse than none.
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Home", audience: "Ledger status", permission: "home.view" },
  { href: "/overview", label: "Overview", audience: "Resolution vs deflection", permission: "metrics.read", section: "/journeys" },
  { href: "/trust", label: "Trust", audience: "CSAT, calibration, breaches", permission: "metrics.read" },
  { href: "/oversight", label: "Oversight", audience: "Approvals and overrides", permission: "metrics.read" },
  { href: "/cases", label: "Cases", audience: "Search, timelines, explanations", permission: "cases.read", section: "/cases" },
  { href: "/activity", label: "Live activity", audience: "AI actions as they happen", permission: "cases.read" },
  { href: "/compliance", label: "Compliance", audience: "Verify, export, report", permission: "ledger.read" },
  { href: "/access-log", label: "Access log", audience: "Who saw or changed what", permission: "access_log.read" },
  { href: "/settings/users", label: "Settings", audience: "Users, keys, workspaces, policies", permission: "users.manage", section: "/settings" },
];

/** The entries this role may open, then who is signed in and a way out. */
export function Nav({ user, csrfToken }: { user: SessionUser; csrfToken?: string }) {
  const items = NAV_ITEMS.filter((item) => roleCan(user.role, item.permission)).map(({ permission: _p, ...item }) => item);
  return (
    <div className="flex flex-1 flex-col gap-6">
      <NavLinks items={items} />
      <section aria-label="Signed in" className="mt-auto space-y-3 border-t border-line px-3 pt-4">
        <p className="text-sm">
          <span className="block font-semibold">{user.name}</span>
          <span className="block text-xs text-muted">{ROLE_LABELS[user.role]}</span>
          <span className="block truncate text-xs text-muted" title={user.email}>
            {user.email}
          </span>
        </p>
        <SignOutButton csrfToken={csrfToken} />
      </section>
    </div>
  );
}
