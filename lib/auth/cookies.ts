// Reading the session cookie, with no other imports: proxy.ts uses this and stays small.

// next-auth names the cookie with the __Secure- prefix when it is served over HTTPS.
export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/** `Cookie: a=1; b=2` as a record (first value wins, as browsers send the most specific first). */
export function parseCookieHeader(header: string | null | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    if (name && !(name in cookies)) {
      const raw = part.slice(at + 1).trim();
      try {
        cookies[name] = decodeURIComponent(raw);
      } catch {
        cookies[name] = raw;
      }
    }
  }
  return cookies;
}

/** The session token, reassembled when next-auth split it over `name.0`, `name.1`… cookies. */
export function sessionTokenFrom(cookies: Record<string, string>): string | null {
  for (const name of SESSION_COOKIE_NAMES) {
    if (cookies[name]) return cookies[name];
    const chunks: string[] = [];
    for (let i = 0; cookies[`${name}.${i}`] !== undefined; i++) chunks.push(cookies[`${name}.${i}`]);
    if (chunks.length) return chunks.join("");
  }
  return null;
}

/** True when the request carries something that looks like a session (proxy.ts's optimistic check). */
export function hasSessionCookie(names: Iterable<string>): boolean {
  for (const name of names) if (SESSION_COOKIE_NAMES.some((n) => name === n || name.startsWith(`${n}.`))) return true;
  return false;
}
