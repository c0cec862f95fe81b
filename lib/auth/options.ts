import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { Database } from "@/db/client";
import { log } from "@/lib/log";
import { appendAccessLog, SYSTEM_WORKSPACE } from "./access-log";
import type { AuthConfig } from "./config";
import { OIDC_PROVIDER_ID, oidcProvider, userForOidcProfile, type OidcProfile } from "./oidc";
import { verifyCredentials } from "./sign-in";

export const SIGN_IN_PAGE = "/sign-in";

/**
 * next-auth v4 configuration: email + password, and one OpenID Connect provider when configured. JWT
 * sessions (no session table) whose claims are only the user id and the sign-in time; the role is read
 * from the database on every request (lib/auth/session.ts), so changes apply at once.
 */
export function buildAuthOptions(deps: { db: Database; config: AuthConfig; ip: string }): AuthOptions {
  const { db, config, ip } = deps;
  // next-auth builds its own URLs from NEXTAUTH_URL. Without one, it may trust the Host and
  // X-Forwarded-Proto headers: Next's server sets both, and a reverse proxy overwrites them.
  if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "true";

  const providers: AuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: (credentials) => verifyCredentials(db, credentials ?? {}, { ip }),
    }),
  ];
  if (config.oidc) providers.push(oidcProvider(config.oidc));

  return {
    secret: config.secret,
    providers,
    session: { strategy: "jwt", maxAge: config.maxAgeSeconds },
    jwt: { maxAge: config.maxAgeSeconds },
    pages: { signIn: SIGN_IN_PAGE, error: SIGN_IN_PAGE },
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true; // credentials: authorize() decided
        const user = await userForOidcProfile(db, profile as OidcProfile | undefined);
        if (!user) {
          log.warn("sign-in failed", { event: "auth.sign_in_failed", method: "oidc", reason: "no_matching_active_user", ip });
          return `${SIGN_IN_PAGE}?error=AccessDenied`;
        }
        return true;
      },
      async jwt({ token, user, account, profile }) {
        if (!user) return token; // an existing session: nothing to add
        // Single sign-on identifies people by the provider's id; Warrant knows them by its own.
        const id = account?.provider === OIDC_PROVIDER_ID ? (await userForOidcProfile(db, profile as OidcProfile | undefined))?.id : user.id;
        if (!id) throw new Error("AccessDenied");
        if (account?.provider === OIDC_PROVIDER_ID) {
          await appendAccessLog(db, { workspaceId: SYSTEM_WORKSPACE, actor: user.email ?? id, action: "auth.sign_in", target: null, ip, details: { method: "oidc" } });
        }
        return { sub: id, name: user.name, email: user.email, signedInAt: Math.floor(Date.now() / 1000) };
      },
      session({ session, token }) {
        return { expires: session.expires, user: { id: token.sub, name: token.name, email: token.email } };
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sub) {
          await appendAccessLog(db, { workspaceId: SYSTEM_WORKSPACE, actor: token.email ?? token.sub, action: "auth.sign_out", target: null, ip });
        }
      },
    },
    // next-auth's own messages, as structured lines; error metadata can hold request details, so only the code and message.
    logger: {
      error: (code, metadata) => log.error("auth error", { code, message: metadata instanceof Error ? metadata.message : (metadata?.error as Error | undefined)?.message }),
      warn: (code) => log.warn("auth warning", { code }),
      debug: () => {},
    },
  };
}
