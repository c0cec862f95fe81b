// Structured JSON logs, one object per line, so they can be shipped and queried without parsing prose.
// Inside an API request (lib/api/handler.ts runs each one in `withRequestId`) every line carries the
// request's id, so a 500's "quote request id …" leads to every line the request wrote.
import { AsyncLocalStorage } from "node:async_hooks";

type Fields = Record<string, unknown>;

// On globalThis: Next bundles this module once per route, and a line must find its request's id
// whichever copy wrote it.
const globalForLog = globalThis as unknown as { warrantLogContext?: AsyncLocalStorage<{ requestId: string }> };
const context = (globalForLog.warrantLogContext ??= new AsyncLocalStorage<{ requestId: string }>());

function write(level: "info" | "warn" | "error", message: string, fields?: Fields) {
  const requestId = context.getStore()?.requestId;
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...(requestId ? { requestId } : {}), ...fields });
  // Standard error, so a command's standard output stays clean for its result (e.g. a new API key).
  process.stderr.write(`${line}\n`);
}

export const log = {
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};

/** Runs `fn` with every log line it writes (synchronously or later) tagged with `requestId`. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return context.run({ requestId }, fn);
}

/** Runs `fn` outside any request: for work shared by many requests (a commit group), which no one id names. */
export function detached<T>(fn: () => T): T {
  return context.exit(fn);
}
