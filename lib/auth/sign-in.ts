import { createHash } from "node:crypto";
import type { Database } from "@/db/client";
import { log } from "@/lib/log";
import { appendAccessLog, SYSTEM_WORKSPACE } from "./access-log";
import { verifyPassword } from "./passwords";
import type { Role } from "./permissions";
import { findUserForSignIn, recordSignInFailure, recordSignInSuccess } from "./users";

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/**
 * A short, stable fingerprint of what was typed as the email, so repeated failures can be correlated in
 * the logs without writing down what was typed (people paste passwords into the email box).
 */
export const emailFingerprint = (email: string) =>
  createHash("sha256").update(email.trim().toLowerCase(), "utf8").digest("hex").slice(0, 16);

/**
 * Checks an email and password. Every refusal looks the same to the caller (null), takes about the same
 * time and is logged the same way, never with the password or the email in clear.
 */
export async function verifyCredentials(
  db: Database,
  credentials: { email?: unknown; password?: unknown },
  context: { ip?: string | null } = {},
): Promise<SignedInUser | null> {
  const email = typeof credentials.email === "string" ? credentials.email.slice(0, 320) : "";
  const password = typeof credentials.password === "string" ? credentials.password.slice(0, 1024) : "";
  const user = email ? await findUserForSignIn(db, email) : null;
  // Always run bcrypt, even for an unknown email or an empty password.
  const passwordOk = await verifyPassword(password, user?.passwordHash);
  if (user && user.active && passwordOk && password !== "") {
    await recordSignInSuccess(db, user.id);
    await appendAccessLog(db, { workspaceId: SYSTEM_WORKSPACE, actor: user.email, action: "auth.sign_in", target: null, ip: context.ip, details: { method: "password" } });
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  }
  if (user) await recordSignInFailure(db, user.id);
  // One reason for every refusal, in the log as in the answer: the log must not tell a reader which
  // emails exist either. The fingerprint still lets an operator see one address being hammered.
  log.warn("sign-in failed", {
    event: "auth.sign_in_failed",
    method: "password",
    reason: "invalid_credentials",
    ip: context.ip ?? null,
    emailFingerprint: emailFingerprint(email),
  });
  return null;
}
