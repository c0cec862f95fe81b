// The page and server-action side of authorisation. The only module of lib/auth that imports Next.js:
// it reads the cookie through next/headers and turns the one decision (authorize, in permissions.ts)
// into Next's answers, a redirect to sign in or the 403 "not allowed" page. The decision itself stays
// in plain modules that unit tests run without Next.
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { runtime } from "@/lib/runtime";
import type { Actor } from "./admin";
import { clientIp } from "./client-ip";
import { authConfig } from "./config";
import { authorize, type Permission, type Principal } from "./permissions";
import { sessionTokenFrom, sessionUser } from "./session";

export type SessionUser = Extract<NonNullable<Principal>, { kind: "user" }>;

/** The signed-in person, or null; looked up once per request however many components ask. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const token = await sessionToken();
  if (!token) return null;
  const rt = await runtime();
  const principal = await sessionUser(rt.handle.db, token, authConfig(rt.env));
  return principal?.kind === "user" ? principal : null;
});

async function sessionToken(): Promise<string | null> {
  const store = await cookies();
  return sessionTokenFrom(Object.fromEntries(store.getAll().map((c) => [c.name, c.value])));
}

/**
 * To the sign-in page. A browser that still sends a session cookie had a session that has ended (it
 * expired, or its person was deactivated): the page says so, rather than greet them as if they had
 * never signed in.
 */
async function toSignIn(): Promise<never> {
  redirect((await sessionToken()) ? "/sign-in?error=SessionEnded" : "/sign-in");
}

/** Someone must be signed in; otherwise to the sign-in page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) return toSignIn();
  return user;
}

/**
 * Call first in every page and server action: the signed-in person must hold `permission`. Signed out
 * (or a session that expired or belongs to a deactivated user): redirect to sign in. Signed in
 * without the role: the 403 "not allowed" page. Returns the user.
 */
export async function requirePermission(permission: Permission): Promise<SessionUser> {
  const user = await currentUser();
  const decision = authorize(user, permission);
  if (decision === "unauthenticated" || !user) return toSignIn();
  if (decision === "forbidden") forbidden();
  return user;
}

/**
 * next-auth's CSRF token from its cookie ("token|hash"), so the sign-out form can be a plain POST that
 * works before any script runs. Undefined when the cookie is absent (the button then fetches one).
 */
export async function csrfTokenFromCookie(): Promise<string | undefined> {
  const store = await cookies();
  const value = store.get("__Host-next-auth.csrf-token")?.value ?? store.get("next-auth.csrf-token")?.value;
  return value?.split("|")[0] || undefined;
}

/** The client address of the current request, for the access log. */
export async function requestIp(): Promise<string> {
  return clientIp(await headers());
}

/** Who is acting and from where, as the access log records it. */
export async function actorOf(user: SessionUser): Promise<Actor> {
  return { email: user.email, id: user.id, ip: await requestIp() };
}
