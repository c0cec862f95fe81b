import type { AccessLogEntry } from "@/db/schema";

/** An access-log entry as the API and the page show it. */
export interface AccessLogItem {
  id: number;
  workspace: string;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export function toAccessLogItem(row: AccessLogEntry): AccessLogItem {
  return {
    id: Number(row.id),
    workspace: row.workspaceId,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    target: row.target,
    ip: row.ip,
    details: (row.details as Record<string, unknown> | null) ?? null,
  };
}
