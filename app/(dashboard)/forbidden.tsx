import Link from "next/link";
import { currentUser } from "@/lib/auth/guard";
import { pagesFor, ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/auth/permissions";

// The 403 page a signed-in person sees for a page their role does not include (forbidden() in the guard).
export default async function NotAllowed() {
  const user = await currentUser();
  const pages = user ? pagesFor(user.role) : [];
  return (
    <div className="max-w-2xl space-y-5">
      <header>
        <p className="text-sm font-semibold uppercase tracking-wide text-danger">403 · Not allowed</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight">You are not allowed to open this page</h1>
      </header>
      {user && (
        <p>
          You are signed in as <strong>{user.name}</strong> with the role <strong>{ROLE_LABELS[user.role]}</strong> (
          {ROLE_DESCRIPTIONS[user.role].toLowerCase()}), which does not include this page. If you need it for your work, ask an
          admin to change your role.
        </p>
      )}
      {pages.length > 0 && (
        <section aria-labelledby="allowed-heading" className="space-y-2">
          <h2 id="allowed-heading" className="text-lg font-semibold">
            Pages you can open
          </h2>
          <ul className="list-inside list-disc space-y-1">
            {pages.map((page) => (
              <li key={page.path}>
                <Link href={page.path} className="text-brand underline">
                  {page.title}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
