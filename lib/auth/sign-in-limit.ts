import { log } from "@/lib/log";
import { limiter, policies, type RatePolicy, type RateLimiter } from "./rate-limit";
import { emailFingerprint } from "./sign-in";
import { normaliseEmail } from "./users";

export interface SignInLimits {
  limiter: RateLimiter;
  perIp: RatePolicy;
  failuresPerAccount: RatePolicy;
}

const defaultLimits = (): SignInLimits => ({ limiter: limiter(), perIp: policies().signInPerIp, failuresPerAccount: policies().signInFailuresPerAccount });

/**
 * Rate limits around a password sign-in (POST /api/auth/callback/credentials): every attempt spends a
 * token of the client's IP bucket, and every failure one of the account's, so one address cannot try
 * many accounts and nobody can try many passwords on one account. Refusals are 429 with Retry-After and
 * a `url` as next-auth's own JSON answers carry, so any next-auth client handles them.
 */
export async function limitSignIn(
  request: Request,
  ip: string,
  signIn: (request: Request) => Promise<Response>,
  limits: SignInLimits = defaultLimits(),
): Promise<Response> {
  const form = new URLSearchParams(await request.clone().text());
  const accountKey = `signin:account:${normaliseEmail(form.get("email") ?? "")}`;
  const refused = (retryAfterSeconds: number, scope: "ip" | "account") => {
    log.warn("sign-in rate limited", { event: "auth.sign_in_rate_limited", scope, ip, emailFingerprint: emailFingerprint(form.get("email") ?? ""), retryAfterSeconds });
    const url = new URL(`/sign-in?error=RateLimited&retryAfter=${retryAfterSeconds}`, request.url).toString();
    return Response.json(
      { url, error: { code: "rate_limited", message: `Too many sign-in attempts; try again in ${retryAfterSeconds} s.` } },
      { status: 429, headers: { "retry-after": String(retryAfterSeconds) } },
    );
  };
  const byIp = limits.limiter.take(`signin:ip:${ip}`, limits.perIp);
  if (!byIp.ok) return refused(byIp.retryAfterSeconds, "ip");
  const byAccount = limits.limiter.peek(accountKey, limits.failuresPerAccount);
  if (!byAccount.ok) return refused(byAccount.retryAfterSeconds, "account");

  const response = await signIn(request);
  // next-auth answers a refused password with 401 (JSON mode) or a redirect to ?error=… (form mode).
  const failed = response.status === 401 || /[?&]error=/.test(response.headers.get("location") ?? "");
  if (failed) limits.limiter.take(accountKey, limits.failuresPerAccount);
  return response;
}
