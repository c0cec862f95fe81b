import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, HSTS, securityHeaders } from "./security-headers";

const directives = (csp: string) => Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("security headers", () => {
  it("forbid framing, plugins, foreign scripts and <base> hijacks in production", () => {
    const csp = directives(contentSecurityPolicy(false));
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'self'"]);
    expect(csp["form-action"]).toEqual(["'self'"]);
    expect(csp["default-src"]).toEqual(["'self'"]);
    expect(csp["script-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp["connect-src"]).toEqual(["'self'"]);
  });

  it("allow eval and the hot-reload socket in development only", () => {
    expect(contentSecurityPolicy(true)).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy(false)).not.toContain("'unsafe-eval'");
    expect(contentSecurityPolicy(false)).not.toContain("ws:");
  });

  it("set the other protective headers, and HSTS separately (sent over TLS only)", () => {
    const headers = Object.fromEntries(securityHeaders(false).map((h) => [h.key, h.value]));
    expect(headers).toMatchObject({ "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin" });
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
    expect(HSTS.value).toMatch(/^max-age=\d{8}$/);
  });
});
