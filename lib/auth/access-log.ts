import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { accessLog } from "@/db/schema";

/**
 * access_log rows need a workspace (every growing table starts its key with one, DESIGN §9). Changes to
 * people are not about any one workspace, so they go under this id, which no real workspace can take
 * (workspace ids start with a letter or digit).
 */
export const SYSTEM_WORKSPACE = "_system";

export interface AccessLogInput {
  workspaceId: string;
  /** Who: an email for a person, `apikey:<prefix>` for a key, `cli` for the command line. */
  actor: string;
  /** What, as `<object>.<verb>`: `user.create`, `api_key.revoke`, `auth.sign_in`… */
  action: string;
  target?: string | null;
  /** From where: the client address as the server saw it. */
  ip?: string | null;
  /** Anything else worth keeping; never a secret. */
  details?: Record<string, unknown>;
}

/** Appends one entry. The table refuses UPDATE and DELETE, so this is the only way in. */
export async function appendAccessLog(db: Executor, entry: AccessLogInput): Promise<void> {
  await db.insert(accessLog).values({
    workspaceId: entry.workspaceId,
    actor: entry.actor.slice(0, 320),
    action: entry.action,
    target: entry.target?.slice(0, 500) ?? null,
    ip: entry.ip?.slice(0, 100) ?? null,
    details: entry.details ?? null,
  });
}

export interface AccessLogQuery {
  workspaceId?: string;
  /** Entries with a smaller id than this (the previous page's last id). */
  before?: number;
  limit?: number;
}

/** The newest entries first, optionally for one workspace, paged by id. */
export async function listAccessLog(db: Database, query: AccessLogQuery = {}) {
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 1000);
  const conditions: SQL[] = [];
  if (query.workspaceId) conditions.push(eq(accessLog.workspaceId, query.workspaceId));
  if (query.before) conditions.push(lt(accessLog.id, query.before));
  return db
    .select()
    .from(accessLog)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(accessLog.id))
    .limit(limit);
}
