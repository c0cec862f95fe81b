import { asc } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { workspaces } from "@/db/schema";

export const workspaceIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "lower-case letters, digits, - and _, starting with a letter or digit, at most 63");

/** Creates the workspace if it does not exist yet; returns its id. */
export async function ensureWorkspace(db: Database, id: string, name = id, isDemo = false): Promise<string> {
  const valid = workspaceIdSchema.parse(id);
  await db.insert(workspaces).values({ id: valid, name, isDemo }).onConflictDoNothing();
  return valid;
}

export function listWorkspaces(db: Database) {
  return db.select().from(workspaces).orderBy(asc(workspaces.createdAt), asc(workspaces.id));
}

/** A new API key was asked for in a workspace that does not exist, and creating one was not asked for. */
export class UnknownWorkspaceError extends Error {
  constructor(
    readonly workspaceId: string,
    readonly existing: string[],
  ) {
    super(`There is no workspace '${workspaceId}'; the workspaces are: ${existing.join(", ")}.`);
  }
}

/**
 * The workspace a new API key is for. One that does not exist is refused unless `create` says it is
 * meant: a typo would otherwise make a new, empty workspace whose key sends events to a ledger nobody
 * looks at. With no workspace at all yet (first setup) there is nothing to mistype, so it is created.
 */
export async function workspaceForNewKey(db: Database, id: string, create = false): Promise<string> {
  const valid = workspaceIdSchema.parse(id);
  const existing = (await listWorkspaces(db)).map((w) => w.id);
  if (existing.includes(valid)) return valid;
  if (!create && existing.length > 0) throw new UnknownWorkspaceError(valid, existing);
  return ensureWorkspace(db, valid);
}
