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
