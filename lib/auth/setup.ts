import { z } from "zod";
import type { Runtime } from "@/lib/runtime";
import { appendAccessLog, SYSTEM_WORKSPACE } from "./access-log";
import { AdminError } from "./admin";
import { newPasswordSchema } from "./passwords";
import { countUsers, createFirstAdmin, emailSchema, nameSchema, type PublicUser } from "./users";

export const setupInput = z
  .object({ name: nameSchema, email: emailSchema, password: newPasswordSchema, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, { message: "The two passwords differ.", path: ["confirmPassword"] });

/**
 * The one-time setup page exists on a fresh embedded start only: no users yet, and the embedded
 * database. A server deployment creates its first admin with `npx warrant user create`, so a new
 * server reachable from a network is never open to whoever finds /setup first.
 */
export async function setupAvailable(rt: Runtime): Promise<boolean> {
  if (rt.handle.kind !== "pglite") return false;
  return (await countUsers(rt.handle.db)) === 0;
}

/** Creates the first admin, if there still is no user; records it in the access log. */
export async function completeSetup(rt: Runtime, input: z.infer<typeof setupInput>, ip: string): Promise<PublicUser> {
  if (rt.handle.kind !== "pglite") throw new AdminError("Setup is only available on the embedded database; use `npx warrant user create`.");
  const user = await createFirstAdmin(rt.handle.db, { email: input.email, name: input.name, password: input.password });
  if (!user) throw new AdminError("Warrant is already set up; sign in instead.");
  await appendAccessLog(rt.handle.db, { workspaceId: SYSTEM_WORKSPACE, actor: user.email, action: "user.create", target: user.email, ip, details: { userId: user.id, role: "admin", via: "setup" } });
  return user;
}
