/**
 * The client's address as the server saw it, for rate limits and the access log. Next's server fills
 * X-Forwarded-For with the socket address when the request has none; a reverse proxy appends the
 * address it saw, so the last entry is the one a proxy vouches for. Without a proxy a client can put
 * anything there, which is why per-IP limits are backed by per-account and per-key ones
 * (docs/security.md).
 */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value.join(",") : value;
  };
  const forwarded = get("x-forwarded-for")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
  const ip = forwarded ?? get("x-real-ip")?.trim() ?? "unknown";
  // IPv4-mapped IPv6 ("::ffff:127.0.0.1") and the plain address are the same client.
  return ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "").slice(0, 100);
}
