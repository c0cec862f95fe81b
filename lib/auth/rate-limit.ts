// In-memory token buckets, one per key (an IP, an account, an API key). Each process keeps its own,
// so N app processes allow up to N times the rate: enough to stop a script hammering one instance; a
// shared limit across instances belongs in the load balancer (docs/security.md).
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/env";

export interface RatePolicy {
  /** The burst: how many requests a quiet key may make at once. */
  capacity: number;
  /** Tokens returned per second. 0 disables the limit. */
  refillPerSecond: number;
}

export interface RateResult {
  ok: boolean;
  /** Whole seconds until one more request would be allowed (0 when ok). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
  policy: RatePolicy;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `cost` tokens are available, without taking them. */
  peek(key: string, policy: RatePolicy, cost = 1): RateResult {
    if (policy.refillPerSecond <= 0) return { ok: true, retryAfterSeconds: 0 };
    return this.result(this.refilled(key, policy), policy, cost);
  }

  /** Takes `cost` tokens if there are enough; otherwise takes nothing and says how long to wait. */
  take(key: string, policy: RatePolicy, cost = 1): RateResult {
    if (policy.refillPerSecond <= 0) return { ok: true, retryAfterSeconds: 0 };
    const bucket = this.refilled(key, policy);
    const result = this.result(bucket, policy, cost);
    if (result.ok) bucket.tokens -= cost;
    this.buckets.set(key, bucket);
    this.evictIfFull();
    return result;
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, policy: RatePolicy): Bucket {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: policy.capacity, updatedMs: now, policy };
    const elapsed = Math.max(0, now - bucket.updatedMs) / 1000;
    bucket.tokens = Math.min(policy.capacity, bucket.tokens + elapsed * policy.refillPerSecond);
    bucket.updatedMs = now;
    bucket.policy = policy;
    return bucket;
  }

  private result(bucket: Bucket, policy: RatePolicy, cost: number): RateResult {
    if (bucket.tokens >= cost) return { ok: true, retryAfterSeconds: 0 };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - bucket.tokens) / policy.refillPerSecond)) };
  }

  // Bounded memory: first drop buckets that have refilled (they hold no information), then the oldest.
  private evictIfFull() {
    if (this.buckets.size <= this.maxKeys) return;
    const now = this.now();
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.updatedMs) / 1000) * b.policy.refillPerSecond >= b.policy.capacity) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}

const globalForLimits = globalThis as unknown as { warrantRateLimiter?: RateLimiter };

/** The process-wide limiter (one per process, kept across dev reloads). */
export function limiter(): RateLimiter {
  globalForLimits.warrantRateLimiter ??= new RateLimiter();
  return globalForLimits.warrantRateLimiter;
}

/** The policies, from the environment: WARRANT_RATE_INGEST per second per key, WARRANT_RATE_SIGNIN per minute per IP. */
export function policies() {
  const config = env();
  return {
    ingest: { capacity: Math.max(1, config.WARRANT_RATE_INGEST * 2), refillPerSecond: config.WARRANT_RATE_INGEST },
    signInPerIp: { capacity: Math.max(1, config.WARRANT_RATE_SIGNIN), refillPerSecond: config.WARRANT_RATE_SIGNIN / 60 },
    // Ten wrong passwords in a row, then one try a minute: guessing one account becomes hopeless,
    // while its owner, who types the right password, is never locked out for long.
    signInFailuresPerAccount: { capacity: 10, refillPerSecond: 1 / 60 },
  } satisfies Record<string, RatePolicy>;
}

export function tooManyRequests(retryAfterSeconds: number, what = "requests"): ApiError {
  return new ApiError(429, "rate_limited", `Too many ${what}; retry after ${retryAfterSeconds} s.`, undefined, {
    "retry-after": String(retryAfterSeconds),
  });
}

/**
 * Takes one token from `key`'s bucket and throws a 429 ApiError with Retry-After when it is empty; inside
 * `route()` that becomes the standard error answer. For ingest, call it after authenticating, keyed
 * by the API key: `rateLimit(\`ingest:${principal.keyId}\`)`. The policy defaults to the ingest one.
 */
export function rateLimit(key: string, policy: RatePolicy = policies().ingest, cost = 1): void {
  const result = limiter().take(key, policy, cost);
  if (!result.ok) throw tooManyRequests(result.retryAfterSeconds);
}
