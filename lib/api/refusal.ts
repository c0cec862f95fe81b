// The browser side of lib/api/errors.ts: what a page that fetches an API answer itself shows when the
// API refuses. No server imports, so client components can use it.
import type { ApiIssue } from "./errors";

/** The refusal in words: its first issue ("from: must be before to"), else its message, else the status. */
export async function refusalMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string; issues?: ApiIssue[] } } | null;
  const issue = body?.error?.issues?.[0];
  return issue ? `${issue.path}: ${issue.message}` : (body?.error?.message ?? `The server answered ${response.status}.`);
}
