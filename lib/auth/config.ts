import type { Env } from "@/lib/env";
import { log } from "@/lib/log";
import { loadOrCreateAuthSecret } from "./secret";
import type { SessionSettings } from "./session";

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the button: "Sign in with <name>". */
  name: string;
}

export interface AuthConfig extends SessionSettings {
  oidc: OidcSettings | null;
}

/** Authentication settings from the validated environment; throws with the variable's name when they are inconsistent. */
export function authConfigFrom(config: Env): AuthConfig {
  const oidcVars = [config.WARRANT_OIDC_ISSUER, config.WARRANT_OIDC_CLIENT_ID, config.WARRANT_OIDC_CLIENT_SECRET];
  const oidcSet = oidcVars.filter(Boolean).length;
  if (oidcSet !== 0 && oidcSet !== 3) {
    throw new Error("Invalid environment: set all of WARRANT_OIDC_ISSUER, WARRANT_OIDC_CLIENT_ID and WARRANT_OIDC_CLIENT_SECRET, or none");
  }
  return {
    secret: loadOrCreateAuthSecret({
      envSecret: config.AUTH_SECRET,
      dataDir: config.dataDir,
      embedded: !config.DATABASE_URL,
      log: (message) => log.warn(message),
    }),
    maxAgeSeconds: Math.round(config.WARRANT_SESSION_HOURS * 3600),
    oidc:
      oidcSet === 3
        ? {
            issuer: config.WARRANT_OIDC_ISSUER!.replace(/\/$/, ""),
            clientId: config.WARRANT_OIDC_CLIENT_ID!,
            clientSecret: config.WARRANT_OIDC_CLIENT_SECRET!,
            name: config.WARRANT_OIDC_NAME,
          }
        : null,
  };
}

const globalForAuth = globalThis as unknown as { warrantAuthConfig?: AuthConfig };

/** The process-wide authentication settings, read once. */
export function authConfig(config: Env): AuthConfig {
  globalForAuth.warrantAuthConfig ??= authConfigFrom(config);
  return globalForAuth.warrantAuthConfig;
}
