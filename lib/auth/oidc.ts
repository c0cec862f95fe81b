import type { OAuthConfig } from "next-auth/providers/oauth";
import type { Database } from "@/db/client";
import type { OidcSettings } from "./config";
import type { SignedInUser } from "./sign-in";
import { findUserForSignIn } from "./users";

export const OIDC_PROVIDER_ID = "oidc";

export interface OidcProfile {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
}

/** One generic OpenID Connect provider (Okta, Entra ID, Google Workspace, Keycloak…), found by discovery. */
export function oidcProvider(settings: OidcSettings): OAuthConfig<OidcProfile> {
  return {
    id: OIDC_PROVIDER_ID,
    name: settings.name,
    type: "oauth",
    wellKnown: `${settings.issuer}/.well-known/openid-configuration`,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    profile: (profile) => ({ id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.preferred_username ?? profile.email ?? null }),
  };
}

/**
 * The Warrant user a single-sign-on identity maps to: only someone an admin already created, matched by
 * a verified email, and still active. Single sign-on never creates users or chooses roles.
 */
export async function userForOidcProfile(db: Database, profile: Partial<OidcProfile> | undefined): Promise<SignedInUser | null> {
  if (!profile?.email || profile.email_verified === false) return null;
  const user = await findUserForSignIn(db, profile.email);
  if (!user || !user.active) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
