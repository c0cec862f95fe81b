import { describe, expect, it } from "vitest";
import { ApiError, errorResponse } from "@/lib/api/errors";
import { clientIp } from "./client-ip";
import { RateLimiter, rateLimit, tooManyRequests } from "./rate-limit";

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("token bucket", () => {
  it("allows a burst of `capacity`, then refuses with the seconds until the next token", () => {
    const time = clock();
    const limiter = new RateLimiter(100, time.now);
    const policy = { capacity: 3, refillPerSecond: 0.5 };
    expect([1, 2, 3].map(() => limiter.take("k", policy).ok)).toEqual([true, true, true]);
    expect(limiter.take("k", policy)).toEqual({ ok: false, retryAfterSeconds: 2 });
    time.advance(1000);
    expect(limiter.take("k", policy)).toEqual({ ok: false, retryAfterSeconds: 1 });
    time.advance(1000);
    expect(limiter.take("k", policy).ok).toBe(true);
  });

  it("refills up to the capacity only", () => {
    const time = clock();
    const limiter = new RateLimiter(100, time.now);
    const policy = { capacity: 2, refillPerSecond: 10 };
    limiter.take("k", policy);
    time.advance(60_000);
    expect([1, 2, 3].map(() => limiter.take("k", policy).ok)).toEqual([true, true, false]);
  });

  it("keeps keys apart, and peek takes nothing", () => {
    const limiter = new RateLimiter(100, clock().now);
    const policy = { capacity: 1, refillPerSecond: 1 };
    expect(limiter.take("a", policy).ok).toBe(true);
    expect(limiter.take("a", policy).ok).toBe(false);
    expect(limiter.peek("b", policy).ok).toBe(true);
    expect(limiter.peek("b", policy).ok).toBe(true);
    expect(limiter.take("b", policy).ok).toBe(true);
  });

  it("is disabled by a refill of 0", () => {
    const limiter = new RateLimiter(100, clock().now);
    for (let i = 0; i < 1000; i++) expect(limiter.take("k", { capacity: 1, refillPerSecond: 0 }).ok).toBe(true);
  });

  it("holds a bounded number of keys, dropping refilled buckets first", () => {
    const time = clock();
    const limiter = new RateLimiter(10, time.now);
    const policy = { capacity: 5, refillPerSecond: 1 };
    for (let i = 0; i < 1000; i++) limiter.take(`ip-${i}`, policy);
    expect(limiter.size).toBeLessThanOrEqual(10);
    // The newest, still-drained buckets survive.
    for (let i = 0; i < 5; i++) limiter.take("hot", policy);
    expect(limiter.take("hot", policy).ok).toBe(false);
  });
});

describe("rateLimit(key)", () => {
  it("throws a 429 ApiError with Retry-After that route() turns into the standard error answer", async () => {
    const policy = { capacity: 1, refillPerSecond: 1 / 30 };
    const key = `test:${Math.random()}`;
    rateLimit(key, policy);
    let thrown: unknown;
    try {
      rateLimit(key, policy);
    } catch (error) {
      thrown = error;
    }
    expect(ApiError.is(thrown)).toBe(true);
    const response = errorResponse(thrown, "req-1");
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(29);
    expect((await response.json()).error.code).toBe("rate_limited");
  });

  it("tooManyRequests names the wait", () => {
    const error = tooManyRequests(7, "sign-in attempts");
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ "retry-after": "7" });
    expect(error.message).toMatch(/sign-in attempts.*7 s/);
  });
});

describe("clientIp", () => {
  it("takes the last X-Forwarded-For entry (the one the nearest proxy, or Next, wrote)", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.2" }))).toBe("10.0.0.2");
    expect(clientIp(new Headers({ "x-forwarded-for": "::ffff:127.0.0.1" }))).toBe("127.0.0.1");
    expect(clientIp({ "x-real-ip": "198.51.100.4" })).toBe("198.51.100.4");
    expect(clientIp(new Headers())).toBe("unknown");
  });
});
