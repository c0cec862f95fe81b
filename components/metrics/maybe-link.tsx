import Link from "next/link";
import type { ReactNode } from "react";

/** A link when there is somewhere the viewer may go (`href`), else the same words as plain text. */
export function MaybeLink({ href, children }: { href: string | null; children: ReactNode }) {
  return href ? (
    <Link href={href} className="text-brand underline">
      {children}
    </Link>
  ) : (
    <>{children}</>
  );
}
