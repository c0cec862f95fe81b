"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { postAuth } from "./auth-client";

const WRONG = "That email and password do not match an active account.";

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const [error, setError] = useState<string | undefined>(initialError);
  const [pending, setPending] = useState(false);
  const password = useRef<HTMLInputElement>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    try {
      const response = await postAuth("/api/auth/callback/credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        callbackUrl,
      });
      if (response.ok) {
        window.location.assign(callbackUrl);
        return;
      }
      const retryAfter = response.headers.get("retry-after");
      setError(response.status === 429 ? `Too many sign-in attempts. Try again in ${retryAfter ?? "a few"} seconds.` : WRONG);
    } catch {
      setError("Could not reach Warrant. Check your connection and try again.");
    }
    setPending(false);
    if (password.current) {
      password.current.value = "";
      password.current.focus();
    }
  }

  // method/action make a submit before the script loads a POST to next-auth (refused for lack of a
  // CSRF token) rather than a GET that would put the password in the URL.
  return (
    <form method="post" action="/api/auth/callback/credentials" onSubmit={onSubmit} className="space-y-4" aria-describedby={error ? "sign-in-error" : undefined}>
      {error && (
        <p id="sign-in-error" role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-danger">
          {error}
        </p>
      )}
      <Field label="Email" name="email" type="email" autoComplete="username" required autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required ref={password} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}

export function OidcSignInButton({ name, callbackUrl }: { name: string; callbackUrl: string }) {
  const [error, setError] = useState<string>();
  async function onClick() {
    try {
      const response = await postAuth("/api/auth/signin/oidc", { callbackUrl });
      const { url } = (await response.json()) as { url?: string };
      if (url) window.location.assign(url);
      else setError("Single sign-on is unavailable right now.");
    } catch {
      setError("Single sign-on is unavailable right now.");
    }
  }
  return (
    <div className="space-y-2">
      <Button type="button" variant="secondary" className="w-full" onClick={onClick}>
        Sign in with {name}
      </Button>
      {error && (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
