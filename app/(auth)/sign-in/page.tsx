import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { safeCallback } from "@/components/auth-client";
import { OidcSignInButton, SignInForm } from "@/components/sign-in-form";
import { authConfig } from "@/lib/auth/config";
import { currentUser } from "@/lib/auth/guard";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { setupAvailable } from "@/lib/auth/setup";
import { runtime } from "@/lib/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

// next-auth's error codes, in words; none says which of email or password was wrong.
const ERRORS: Record<string, string> = {
  CredentialsSignin: "That email and password do not match an active account.",
  AccessDenied: "That single sign-on account is not a Warrant user, or it is deactivated. Ask an admin to add you.",
  RateLimited: "Too many sign-in attempts. Wait a minute and try again.",
  SessionRequired: "Sign in to continue.",
  SessionEnded: "Your session has ended: it expired, or an admin deactivated your account. Sign in again, or ask an admin.",
  Csrf: "The sign-in form had expired. Please try again.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const first = (key: string) => (Array.isArray(params[key]) ? params[key][0] : params[key]);
  const rt = await runtime();
  if (await setupAvailable(rt)) redirect("/setup");
  const callbackUrl = safeCallback(first("callbackUrl"));
  // ?csrf=true: the form was posted before its script ran (or the token expired); next-auth refused it.
  const code = first("error") ?? (first("csrf") === "true" ? "Csrf" : undefined);
  const error = code ? (ERRORS[code] ?? "Signing in did not work. Try again.") : undefined;
  const oidc = authConfig(rt.env).oidc;
  const user = await currentUser();
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-bold tracking-tight">Sign in</h1>
      {first("setup") === "done" && (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-ok">
          Your admin account is ready. Sign in with it.
        </p>
      )}
      {user && (
        <p className="rounded-md bg-blue-50 px-3 py-2 text-sm">
          You are signed in as {user.name} ({ROLE_LABELS[user.role]}). <Link href="/" className="font-medium text-brand underline">Continue to Warrant</Link>, or sign in as someone else.
        </p>
      )}
      <SignInForm callbackUrl={callbackUrl} initialError={error} />
      {oidc && (
        <>
          <p className="text-center text-xs uppercase tracking-wide text-muted">or</p>
          <OidcSignInButton name={oidc.name} callbackUrl={callbackUrl} />
        </>
      )}
      <p className="text-xs text-muted">Accounts are created by an admin; ask one if you cannot sign in.</p>
    </div>
  );
}
