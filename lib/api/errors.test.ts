import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { detached, flushLogs, log } from "@/lib/log";
import { ApiError, errorResponse, isDatabaseUnavailable } from "./errors";
import { route } from "./handler";

let logged: Record<string, unknown>[] = [];
/** The lines written so far (log lines are written at the end of the event loop's turn; flushed here). */
function logs() {
  flushLogs();
  return logged;
}
beforeEach(() => {
  logged = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    for (const line of String(chunk).split("\n").filter(Boolean)) logged.push(JSON.parse(line));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  globalThis.warrantShuttingDown = undefined;
});

const wrapped = (code: string) => Object.assign(new Error("Failed query: select 1"), { cause: Object.assign(new Error("inner"), { code }) });

describe("errorResponse", () => {
  it("answers 503 with Retry-After for every way the database can be away, however deep the cause", async () => {
    for (const code of ["ECONNREFUSED", "CONNECTION_CLOSED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT", "57P01", "57P03", "08006", "53300"]) {
      expect(isDatabaseUnavailable(wrapped(code))).toBe(true);
      const response = errorResponse(wrapped(code), "req-1");
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("2");
      expect((await response.json()).error.code).toBe("unavailable");
    }
    expect(logs().every((l) => l.requestId === "req-1" && l.level === "warn")).toBe(true);
  });

  it("answers 400 for a character the database cannot hold, and 500 with the request id for anything else, never showing the error", async () => {
    const nul = errorResponse(wrapped("22021"), "req-2");
    expect(nul.status).toBe(400);
    expect((await nul.json()).error.code).toBe("invalid_request");
    const bug = errorResponse(new TypeError("secret detail"), "req-3");
    expect(bug.status).toBe(500);
    const body = JSON.stringify(await bug.json());
    expect(body).toContain("req-3");
    expect(body).not.toContain("secret detail");
    expect(logs().find((l) => l.level === "error")).toMatchObject({ message: "unhandled error", requestId: "req-3" });
  });

  it("keeps an ApiError's status, code and headers", async () => {
    const response = errorResponse(new ApiError(408, "request_timeout", "slow", undefined, { connection: "close" }), "req-4");
    expect(response.status).toBe(408);
    expect(response.headers.get("x-request-id")).toBe("req-4");
    expect((await response.json()).error).toEqual({ code: "request_timeout", message: "slow" });
  });
});

describe("route()", () => {
  beforeEach(() => {
    (globalThis as { warrantRuntime?: unknown }).warrantRuntime = Promise.resolve({});
  });
  afterEach(() => {
    (globalThis as { warrantRuntime?: unknown }).warrantRuntime = undefined;
  });

  it("writes one structured access-log line per request: method, path without the query, status, ms, request id", async () => {
    const handler = route(async () => Response.json({ ok: true }, { status: 201 }));
    const response = await handler(new Request("http://localhost/api/v1/things?token=secret", { method: "POST", headers: { "x-request-id": "abc" } }), { params: Promise.resolve({}) });
    expect(response.headers.get("x-request-id")).toBe("abc");
    const line = logs().find((l) => l.message === "request");
    expect(line).toMatchObject({ level: "info", requestId: "abc", method: "POST", path: "/api/v1/things", status: 201 });
    expect(typeof line?.ms).toBe("number");
    expect(JSON.stringify(logs())).not.toContain("secret");
  });

  it("tags every line a request writes with its id, later lines too, except work detached from it", async () => {
    const handler = route(async () => {
      log.warn("inside");
      await new Promise((r) => setTimeout(r, 5));
      log.info("after a timer");
      detached(() => log.info("shared work"));
      return Response.json({});
    });
    await handler(new Request("http://localhost/api/v1/x", { headers: { "x-request-id": "r-9" } }), { params: Promise.resolve({}) });
    expect(logs().map((l) => [l.message, l.requestId])).toEqual([
      ["inside", "r-9"],
      ["after a timer", "r-9"],
      ["shared work", undefined],
      ["request", "r-9"],
    ]);
  });

  it("logs errors with the request id it answers with, and closes keep-alive connections while shutting down", async () => {
    const failing = route(async () => {
      throw new Error("boom");
    });
    const response = await failing(new Request("http://localhost/api/v1/x"), { params: Promise.resolve({}) });
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs().filter((l) => l.requestId === requestId).map((l) => l.message)).toEqual(["unhandled error", "request"]);
    expect(response.headers.get("connection")).toBeNull();
    globalThis.warrantShuttingDown = true;
    const closing = await route(async () => Response.json({}))(new Request("http://localhost/api/v1/x"), { params: Promise.resolve({}) });
    expect(closing.headers.get("connection")).toBe("close");
  });
});
