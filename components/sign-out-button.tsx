"use client";

import { Button } from "@/components/ui/button";
import { postAuth } from "./auth-client";

/**
 * Signs out through next-auth. Server-rendered as a real form carrying the CSRF token from the cookie,
 * so it works before (or without) the script; with the script it stays on the page until done.
 */
export function SignOutButton({ csrfToken }: { csrfToken?: string }) {
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      await postAuth("/api/auth/signout", { callbackUrl: "/sign-in" });
    } finally {
      window.location.assign("/sign-in");
    }
  }
  return (
    <form method="post" action="/api/auth/signout" onSubmit={onSubmit}>
      {csrfToken && <input type="hidden" name="csrfToken" value={csrfToken} />}
      <input type="hidden" name="callbackUrl" value="/sign-in" />
      <Button type="submit" variant="secondary" size="sm" className="w-full">
        Sign out
      </Button>
    </form>
  );
}
