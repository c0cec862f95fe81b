// The access log as a compliance officer searches it: by workspace, who, what and when, newest first,
// paged by id. (lib/auth/access-log.ts writes the log and lists it unfiltered; this only reads it.)
import { and, desc, gte, ilike, inArray, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { accessLog } from "@/db/schema";
import { SYSTEM_WORKSPACE } from "@/lib/auth/access-log";
import { type AccessLogItem, toAccessLogItem } from "@/lib/auth/access-log-view";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const accessLogFilterSchema = z.object({
  actor: z.string().trim().max(320).optional().transform((v) => v || undefined),
  action: z.string().trim().max(100).optional().transform((v) => v || undefined),
  /** A UTC day, inclusive. */
  from: z.string().regex(DAY, "a date, 2026-10-01").optional().or(z.literal("").transform(() => undefined)),
  /** A UTC day, inclusive. */
  to: z.string().regex(DAY, "a date, 2026-10-31").optional().or(z.literal("").transform(() => undefined)),
  /** "workspace": this workspace's entries; "all": also sign-ins and changes to people and keys. */
  scope: z.enum(["workspace", "all"]).default("all"),
  before: z.coerce.number().int().positive().optional(),
});
export type AccessLogFilter = z.infer<typeof accessLogFilterSchema>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchAccessLog(db: Database, workspaceId: string, filter: AccessLogFilter, limit = 25): Promise<{ entries: AccessLogItem[]; next: number | null }> {
  const where: SQL[] = [inArray(accessLog.workspaceId, filter.scope === "all" ? [workspaceId, SYSTEM_WORKSPACE] : [workspaceId])];
  if (filter.actor) where.push(ilike(accessLog.actor, `%${escapeLike(filter.actor)}%`));
  if (filter.action) where.push(ilike(accessLog.action, `${escapeLike(filter.action)}%`));
  if (filter.from) where.push(gte(accessLog.at, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to) where.push(lt(accessLog.at, new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000)));
  if (filter.before) where.push(lt(accessLog.id, filter.before));
  const rows = await db
    .select()
    .from(accessLog)
    .where(and(...where))
    .orderBy(desc(accessLog.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit).map(toAccessLogItem);
  return { entries, next: rows.length > limit ? entries[entries.length - 1].id : null };
}
