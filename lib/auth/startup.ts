import { log } from "@/lib/log";
import type { Runtime } from "@/lib/runtime";
import { authConfig } from "./config";
import { setupAvailable } from "./setup";
import { countUsers } from "./users";

/**
 * At start-up: fail loudly on an inconsistent authentication setup (a missing AUTH_SECRET on a server
 * database, half an OIDC configuration), create the embedded session secret, and say how to get in
 * when there is nobody to sign in as yet.
 */
export async function checkAuthSetup(rt: Runtime): Promise<void> {
  const config = authConfig(rt.env);
  if (config.oidc) log.info("single sign-on enabled", { issuer: config.oidc.issuer });
  if ((await countUsers(rt.handle.db)) > 0) return;
  if (await setupAvailable(rt)) log.warn("no users yet: open /setup in a browser to create the first admin, or run: npx warrant user create --role admin");
  else log.warn("no users yet: create the first admin with: npx warrant user create --email E --name N --role admin");
}
