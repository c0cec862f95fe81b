// Browser side of next-auth's HTTP protocol, without next-auth/react: fetch a CSRF token, then POST
// the form next-auth expects with json=true so it answers JSON instead of redirecting.

async function csrfToken(): Promise<string> {
  const response = await fetch("/api/auth/csrf", { cache: "no-store" });
  if (!response.ok) throw new Error(`could not start signing in (${response.status})`);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

export async function postAuth(path: string, fields: Record<string, string>): Promise<Response> {
  const body = new URLSearchParams({ ...fields, csrfToken: await csrfToken(), json: "true" });
  return fetch(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
}

/** Only a path on this site: an absolute or protocol-relative callback would be an open redirect. */
export function safeCallback(value: string | null | undefined): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/";
}
