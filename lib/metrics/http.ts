// Query strings of the metrics API and pages, parsed with the one zod schema each, into the precise
// 400s of the one error shape; and the workspaces a caller may see.
import type { z } from "zod";
import { ApiError, type ApiIssue } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/permissions";

/**
 * Parses a query string with `schema`. A parameter given twice, an unknown one or an invalid value is
 * a 400 `invalid_query` naming each parameter and what is wrong with it.
 */
export function parseQueryString<S extends z.ZodType>(schema: S, params: URLSearchParams): z.output<S> {
  const issues: ApiIssue[] = [];
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key) && !issues.some((i) => i.path === key)) issues.push({ path: key, message: "must be given at most once" });
    seen.add(key);
  }
  // An empty value (?journey=) means "not set", as a form's blank select sends it.
  const input = Object.fromEntries([...params.entries()].filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") for (const key of issue.keys) issues.push({ path: key, message: `unknown parameter "${key}"` });
      else issues.push({ path: issue.path.join(".") || "(query)", message: issue.message });
    }
  }
  if (issues.length > 0 || !parsed.success) throw new ApiError(400, "invalid_query", "The query is invalid.", issues);
  return parsed.data;
}

/**
 * The workspace filter a caller may use: an API key sees its own workspace only (asking for another
 * is a 403); a signed-in person with the permission sees any workspace, and all when none is named.
 */
export function scopeWorkspace(principal: NonNullable<Principal>, requested: string | undefined): string | undefined {
  if (principal.kind !== "apiKey") return requested;
  if (requested !== undefined && requested !== principal.workspaceId)
    throw new ApiError(403, "forbidden", `This API key belongs to workspace ${principal.workspaceId}; it cannot read ${requested}.`);
  return principal.workspaceId;
}
