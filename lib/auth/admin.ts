// What an admin can change in Settings, each change validated, applied and written to the access log
// in one transaction (the change and its record commit together or not at all). Server actions and
// the CLI call these; authorisation happens before, in the caller (requirePermission).
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database, Transaction } from "@/db/client";
import { apiKeys, users, workspaces } from "@/db/schema";
import { workspaceIdSchema } from "@/lib/workspaces";
import { appendAccessLog, SYSTEM_WORKSPACE } from "./access-log";
import { API_SCOPES, createApiKey, type CreatedApiKey, forgetApiKey, revokeApiKey } from "./api-keys";
import { newPasswordSchema } from "./passwords";
import { createUser, emailSchema, nameSchema, type PublicUser, roleSchema, UserExistsError } from "./users";

/** Who is making the change, and from where. */
export interface Actor {
  email: string;
  id?: string;
  ip?: string | null;
}

/** A change refused for a reason the person can act on; `field` names the form field at fault. */
export class AdminError extends Error {
  override name = "AdminError";
  // By name rather than instanceof: Next may load this module once per server bundle.
  static is(error: unknown): error is AdminError {
    return error instanceof Error && error.name === "AdminError";
  }
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const createUserInput = z.object({
  name: nameSchema,
  email: emailSchema,
  role: roleSchema,
  password: newPasswordSchema,
});
export const changeRoleInput = z.object({ userId: z.uuid(), role: roleSchema });
export const setActiveInput = z.object({ userId: z.uuid(), active: z.enum(["true", "false"]).transform((v) => v === "true") });
export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, "Name the key after what will use it.").max(100, "Use at most 100 characters."),
  workspaceId: workspaceIdSchema,
  scopes: z.array(z.enum(API_SCOPES)).min(1, "Choose at least one scope."),
});
export const revokeApiKeyInput = z.object({ keyId: z.uuid() });
export const createWorkspaceInput = z.object({
  id: workspaceIdSchema,
  name: z.string().trim().min(1, "Enter a name.").max(200, "Use at most 200 characters."),
});

export async function createUserBy(db: Database, actor: Actor, input: z.infer<typeof createUserInput>): Promise<PublicUser> {
  return db.transaction(async (tx) => {
    let user: PublicUser;
    try {
      user = await createUser(tx, input);
    } catch (error) {
      if (error instanceof UserExistsError) throw new AdminError(error.message, "email");
      throw error;
    }
    await log(tx, actor, "user.create", user.email, { userId: user.id, role: user.role });
    return user;
  });
}

export async function changeRoleBy(db: Database, actor: Actor, input: z.infer<typeof changeRoleInput>): Promise<PublicUser> {
  return db.transaction(async (tx) => {
    const user = await lockUser(tx, input.userId);
    if (user.role === input.role) return user;
    if (user.role === "admin") await assertAnotherActiveAdmin(tx, user.id, "change the role of");
    await tx.update(users).set({ role: input.role }).where(eq(users.id, user.id));
    await log(tx, actor, "user.role_change", user.email, { userId: user.id, from: user.role, to: input.role });
    return { ...user, role: input.role };
  });
}

export async function setActiveBy(db: Database, actor: Actor, input: z.infer<typeof setActiveInput>): Promise<PublicUser> {
  return db.transaction(async (tx) => {
    const user = await lockUser(tx, input.userId);
    if (user.active === input.active) return user;
    if (!input.active) {
      if (actor.id === user.id) throw new AdminError("You cannot deactivate yourself; ask another admin.");
      if (user.role === "admin") await assertAnotherActiveAdmin(tx, user.id, "deactivate");
    }
    await tx.update(users).set({ active: input.active }).where(eq(users.id, user.id));
    await log(tx, actor, input.active ? "user.reactivate" : "user.deactivate", user.email, { userId: user.id });
    return { ...user, active: input.active };
  });
}

export async function createApiKeyBy(db: Database, actor: Actor, input: z.infer<typeof createApiKeyInput>): Promise<CreatedApiKey> {
  return db.transaction(async (tx) => {
    const [workspace] = await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, input.workspaceId));
    if (!workspace) throw new AdminError(`There is no workspace '${input.workspaceId}'.`, "workspaceId");
    const key = await createApiKey(tx, { ...input, createdBy: actor.email });
    // The secret itself is never logged: only what identifies the key.
    await log(tx, actor, "api_key.create", key.id, { name: key.name, prefix: key.prefix, scopes: key.scopes }, key.workspaceId);
    return key;
  });
}

export async function revokeApiKeyBy(db: Database, actor: Actor, input: z.infer<typeof revokeApiKeyInput>): Promise<void> {
  await db.transaction(async (tx) => {
    const [key] = await tx.select().from(apiKeys).where(eq(apiKeys.id, input.keyId));
    if (!key) throw new AdminError("There is no such API key.");
    if (!(await revokeApiKey(tx, key.id))) return; // already revoked
    await log(tx, actor, "api_key.revoke", key.id, { name: key.name, prefix: key.prefix }, key.workspaceId);
  });
  // Again once committed: a request between the first forget and the commit may have cached the key anew.
  forgetApiKey(input.keyId);
}

export async function createWorkspaceBy(db: Database, actor: Actor, input: z.infer<typeof createWorkspaceInput>): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx.insert(workspaces).values({ id: input.id, name: input.name }).onConflictDoNothing().returning({ id: workspaces.id });
    if (rows.length === 0) throw new AdminError(`A workspace with the id '${input.id}' already exists.`, "id");
    await log(tx, actor, "workspace.create", input.id, { name: input.name }, input.id);
  });
}

async function lockUser(tx: Transaction, id: string): Promise<PublicUser> {
  const [row] = await tx.select().from(users).where(eq(users.id, id)).for("update");
  if (!row) throw new AdminError("There is no such user.");
  const { passwordHash: _hash, ...user } = row;
  return user as PublicUser;
}

// Never leave Warrant without an active admin: nobody could manage it any more.
async function assertAnotherActiveAdmin(tx: Transaction, exceptId: string, verb: string) {
  const admins = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, "admin"), eq(users.active, true))).for("update");
  if (!admins.some((a) => a.id !== exceptId)) {
    throw new AdminError(`You cannot ${verb} the last active admin; make someone else an admin first.`);
  }
}

function log(tx: Transaction, actor: Actor, action: string, target: string, details: Record<string, unknown>, workspaceId = SYSTEM_WORKSPACE) {
  return appendAccessLog(tx, { workspaceId, actor: actor.email, action, target, ip: actor.ip, details: { ...details, ...(actor.id ? { actorId: actor.id } : {}) } });
}
