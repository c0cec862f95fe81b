// Reads the next-auth session cookie and turns it into a signed-in user, checking what a JWT alone
// cannot: that the session is younger than its absolute lifetime and that the user still exists, is
// active, and what their role is now (so deactivating someone or changing a role takes effect at once).
import { decode } from "next-auth/jwt";
import type { Database } from "@/db/client";
import type { Principal } from "./permissions";
import { getUser } from "./users";

export { hasSessionCookie, parseCookieHeader, SESSION_COOKIE_NAMES, sessionTokenFrom } from "./cookies";

export interface SessionClaims {
  userId: string;
  /** Seconds since the epoch when the person signed in; the absolute lifetime counts from here. */
  signedInAt: number;
}

export interface SessionSettings {
  secret: string;
  maxAgeSeconds: number;
}

/**
 * Decrypts and checks a session token. next-auth renews the cookie while it is used (a sliding window);
 * the absolute limit here makes a session end `maxAgeSeconds` after sign-in however busy it was.
 */
export async function decodeSession(token: string | null, settings: SessionSettings, now = Date.now()): Promise<SessionClaims | null> {
  if (!token || token.length > 16_384) return null;
  let payload: Record<string, unknown> | null;
  try {
    // Rejects a token that was tampered with, encrypted with another secret, or past its `exp`.
    payload = (await decode({ token, secret: settings.secret })) as Record<string, unknown> | null;
  } catch {
    return null;
  }
  if (!payload) return null;
  const { sub, signedInAt } = payload;
  if (typeof sub !== "string" || typeof signedInAt !== "number") return null;
  const age = now / 1000 - signedInAt;
  if (age > settings.maxAgeSeconds || age < -60) return null;
  return { userId: sub, signedInAt };
}

/** The signed-in person behind a session token, or null when there is none or it no longer counts. */
export async function sessionUser(db: Database, token: string | null, settings: SessionSettings): Promise<Principal> {
  const claims = await decodeSession(token, settings);
  if (!claims) return null;
  const user = await getUser(db, claims.userId);
  if (!user || !user.active) return null;
  return { kind: "user", id: user.id, email: user.email, name: user.name, role: user.role };
}
