// Security headers for every response, set in next.config.ts. Kept in lib/ so a unit test can read
// them; see docs/security.md for why the CSP is what it is.

export interface Header {
  key: string;
  value: string;
}

/**
 * The Content-Security-Policy. Scripts: Next's App Router streams its data as inline <script> tags;
 * without a per-request nonce (which would make proxy.ts rewrite every page request) they need
 * 'unsafe-inline'. What the policy still buys: no script from any other origin, no plugins, no
 * <base> hijack, forms only to this origin, no framing, no connections elsewhere. Styles: React
 * and Next set inline style attributes, hence 'unsafe-inline' there too. Development adds what
 * React's dev tooling needs ('unsafe-eval' for server stack traces, ws: for hot reload).
 */
export function contentSecurityPolicy(dev: boolean): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(dev ? ["ws:", "wss:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

export function securityHeaders(dev: boolean): Header[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(dev) },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "same-origin" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  ];
}

/**
 * HSTS only over TLS: sent when the request came over HTTPS as the reverse proxy reports it
 * (X-Forwarded-Proto), never on plain HTTP, where it would be ignored or pin a local setup to HTTPS.
 * No includeSubDomains: Warrant cannot know what else runs under its parent domain.
 */
export const HSTS: Header = { key: "Strict-Transport-Security", value: "max-age=31536000" };
