/**
 * How long Warrant's HTTP servers (the app's port and the ingest port) keep an idle keep-alive
 * connection: longer than the idle timeout of common load balancers (60 s), so they close it first,
 * never mid-request. Node's default (5 s) closes connections that clients reuse a few seconds later,
 * whose next request then fails with a reset (ECONNRESET; a 502 behind a load balancer).
 * `scripts/start.mjs` and `npm run serve` pass the same number to `next start`, which cannot import it.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** KEEP_ALIVE_TIMEOUT_MS as `next start` arguments. */
export const NEXT_START_KEEP_ALIVE = ["--keepAliveTimeout", String(KEEP_ALIVE_TIMEOUT_MS)];
