import { describe, expect, it, vi } from "vitest";
import { RateLimiter } from "./rate-limit";
import { limitSignIn, type SignInLimits } from "./sign-in-limit";

const form = (email: string, password = "x") =>
  new Request("http://127.0.0.1:3000/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, csrfToken: "t", json: "true" }),
  });

const limits = (perIp = 100): SignInLimits => ({
  limiter: new RateLimiter(),
  perIp: { capacity: perIp, refillPerSecond: perIp / 60 },
  failuresPerAccount: { capacity: 3, refillPerSecond: 1 / 60 },
});

const refuse = async () => Response.json({ url: "http://127.0.0.1:3000/api/auth/error?error=CredentialsSignin" }, { status: 401 });
const accept = async () => Response.json({ url: "http://127.0.0.1:3000/" });

describe("sign-in rate limits", () => {
  it("counts failures per account and then answers 429 with Retry-After, without asking next-auth", async () => {
    const l = limits();
    for (let i = 0; i < 3; i++) expect((await limitSignIn(form("Ana@Example.com"), "1.2.3.4", refuse, l)).status).toBe(401);
    const signIn = vi.fn(accept);
    const limited = await limitSignIn(form("ana@example.com "), "5.6.7.8", signIn, l);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await limited.json();
    expect(body.url).toMatch(/\/sign-in\?error=RateLimited/);
    expect(body.error.code).toBe("rate_limited");
    expect(signIn).not.toHaveBeenCalled();
    // Another account is unaffected.
    expect((await limitSignIn(form("bob@example.com"), "5.6.7.8", accept, l)).status).toBe(200);
  });

  it("does not count successful sign-ins against the account", async () => {
    const l = limits();
    for (let i = 0; i < 10; i++) expect((await limitSignIn(form("ana@example.com"), "1.2.3.4", accept, l)).status).toBe(200);
  });

  it("limits every attempt from one address", async () => {
    const l = limits(5);
    for (let i = 0; i < 5; i++) expect((await limitSignIn(form(`user${i}@example.com`), "9.9.9.9", accept, l)).status).toBe(200);
    expect((await limitSignIn(form("other@example.com"), "9.9.9.9", accept, l)).status).toBe(429);
    expect((await limitSignIn(form("other@example.com"), "9.9.9.8", accept, l)).status).toBe(200);
  });

  it("passes the untouched request on, body included", async () => {
    const signIn = vi.fn(async (request: Request) => {
      expect(new URLSearchParams(await request.text()).get("password")).toBe("secret value");
      return accept();
    });
    await limitSignIn(form("ana@example.com", "secret value"), "1.1.1.1", signIn, limits());
    expect(signIn).toHaveBeenCalledOnce();
  });
});
