// Structured JSON logs, one object per line, so they can be shipped and queried without parsing prose.
// Inside an API request (lib/api/handler.ts runs each one in `withRequestId`) every line carries the
// request's id, so a 500's "quote request id …" leads to every line the request wrote.
import { AsyncLocalStorage } from "node:async_hooks";

type Fields = Record<string, unknown>;

// On globalThis: Next bundles this module once per route, and a line must find its request's id
// whichever copy wrote it.
const globalForLog = globalThis as unknown as {
  warrantLogContext?: AsyncLocalStorage<{ requestId: string }>;
  warrantLogBuffer?: { lines: string[]; scheduled: boolean };
};
const context = (globalForLog.warrantLogContext ??= new AsyncLocalStorage<{ requestId: string }>());

// Lines are written once per turn of the event loop rather than one write(2) each. Standard error is a
// pipe or a file, which Node writes synchronously, and with an access-log line per request that was a
// system call per request: 4% of the ingest listener's time under load. 'exit' (a normal end,
// process.exit or an uncaught exception) writes what is left, so only a SIGKILL can lose the last turn's lines.
const buffer = (() => {
  if (globalForLog.warrantLogBuffer) return globalForLog.warrantLogBuffer;
  process.once("exit", flushLogs);
  return (globalForLog.warrantLogBuffer = { lines: [], scheduled: false });
})();

function write(level: "info" | "warn" | "error", message: string, fields?: Fields) {
  const requestId = context.getStore()?.requestId;
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...(requestId ? { requestId } : {}), ...fields });
  buffer.lines.push(`${line}\n`);
  if (!buffer.scheduled) {
    buffer.scheduled = true;
    setImmediate(flushLogs);
  }
}

/** Writes the lines not yet written; they are otherwise written at the end of the event loop's turn. */
export function flushLogs(): void {
  buffer.scheduled = false;
  if (buffer.lines.length === 0) return;
  const text = buffer.lines.join("");
  buffer.lines = [];
  // Standard error, so a command's standard output stays clean for its result (e.g. a new API key).
  process.stderr.write(text);
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
