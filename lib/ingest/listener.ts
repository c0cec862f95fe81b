// The ingest listener: a plain node:http server, in the app's own process, that serves only the ingest
// endpoints, on a port of its own (WARRANT_INGEST_PORT). Next.js spends its own work on every request
// (routing, its request and response wrappers): on the two-core benchmark machine one Next process
// answers at most ~790 requests/s even on a route that reads no database, so single-event agents could
// never reach the ingest targets through it (docs/benchmarks.md). This listener calls the very same
// handlers (lib/api/ingest-routes.ts) and so the same authentication, rate limits, validation, group
// commit and error answers; only the HTTP front door differs. The Next routes stay where they are.
import http from "node:http";
import { randomUUID } from "node:crypto";
import { type Answer, isResponse } from "@/lib/api/answer";
import { readNodeBody } from "@/lib/api/body";
import { ApiError, errorResponse } from "@/lib/api/errors";
import { type RouteHandler, serveRoute } from "@/lib/api/handler";
import { ingestHandlers } from "@/lib/api/ingest-routes";
import { KEEP_ALIVE_TIMEOUT_MS } from "@/lib/api/keep-alive";
import { env, type Env } from "@/lib/env";
import { log } from "@/lib/log";

const ROUTES: Record<string, Partial<Record<string, RouteHandler>>> = {
  "/api/v1/events": { POST: ingestHandlers.events },
  "/api/v1/otlp/v1/traces": { POST: ingestHandlers.otlpTraces },
  // OTLP/HTTP's default path, so an exporter needs only this listener's base URL (docs/opentelemetry.md).
  "/v1/traces": { POST: ingestHandlers.otlpTraces },
  // For load balancers' health checks of this port.
  "/api/v1/health": { GET: ingestHandlers.health },
};

const NO_PARAMS = () => undefined;

// What a JSON API answer needs of next.config.ts's security headers, and no caching of answers.
const API_HEADERS = { "x-content-type-options": "nosniff", "cache-control": "no-store" };

export interface IngestListenerOptions {
  port: number;
  host: string;
}

/** Starts the listener; resolves once it accepts connections, rejects if the port cannot be bound. */
export function startIngestListener({ port, host }: IngestListenerOptions): Promise<http.Server> {
  const server = http.createServer((req, res) => void serve(req, res));
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

async function serve(req: http.IncomingMessage, res: http.ServerResponse) {
  let response: Answer;
  try {
    response = await answer(req);
  } catch (error) {
    // A request this door could not read (a header value the web Headers class refuses, say).
    const requestId = randomUUID();
    response = errorResponse(ApiError.is(error) ? error : new ApiError(400, "invalid_request", `The request could not be read: ${(error as Error).message}`), requestId);
  }
  try {
    await send(response, res);
  } catch (error) {
    log.warn("ingest listener: could not send an answer", { error: (error as Error).message });
    res.destroy();
  }
}

async function answer(req: http.IncomingMessage): Promise<Answer> {
  const url = new URL(req.url ?? "/", "http://ingest.invalid");
  const routes = ROUTES[url.pathname];
  if (!routes) {
    const paths = Object.keys(ROUTES).join(", ");
    return errorResponse(new ApiError(404, "not_found", `This port serves ingestion only (${paths}); the app and its other APIs are on the main port.`), requestIdOf(req));
  }
  const handler = routes[req.method ?? ""];
  if (!handler) {
    const allowed = Object.keys(routes).join(", ");
    return errorResponse(new ApiError(405, "method_not_allowed", `${url.pathname} accepts ${allowed} only.`, undefined, { allow: allowed }), requestIdOf(req));
  }
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  // Not a web Request (lib/api/handler.ts, ApiRequest): the handlers read the body through the context,
  // here straight from Node's stream, with the same byte limits and timeouts (lib/api/body.ts).
  const request = { method: req.method!, url: `http://${headers.get("host") || "localhost"}${url.pathname}${url.search}`, headers };
  return serveRoute(handler, request, NO_PARAMS, (limit) => readNodeBody(req, req.headers["content-length"], limit));
}

function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return (typeof given === "string" && given.slice(0, 100)) || randomUUID();
}

async function send(response: Answer, res: http.ServerResponse) {
  let body: Buffer;
  const headers: Record<string, string> = { ...API_HEADERS };
  if (isResponse(response)) {
    body = Buffer.from(await response.arrayBuffer());
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
  } else {
    // The JSON answer as Response.json would have made it, without the Response.
    body = Buffer.from(JSON.stringify(response.body));
    headers["content-type"] = "application/json";
    Object.assign(headers, response.headers);
  }
  headers["content-length"] = String(body.byteLength);
  res.writeHead(response.status, headers);
  res.end(body);
}

declare global {
  // One listener per process: Next's dev server may run instrumentation again after a reload.
  var warrantIngestListener: http.Server | undefined;
}

/**
 * Starts the listener when WARRANT_INGEST_PORT is set (at server start, lib/server-tasks.ts). A port that
 * cannot be bound is logged, not fatal: the app and its own ingest routes keep serving.
 */
export async function startIngestListenerFromEnv(config: Env = env()): Promise<void> {
  const { WARRANT_INGEST_PORT: port, WARRANT_INGEST_HOST: host } = config;
  if (globalThis.warrantIngestListener || port === undefined) return;
  try {
    globalThis.warrantIngestListener = await startIngestListener({ port, host });
    log.info("ingest listener started", { host, port });
  } catch (error) {
    log.error("ingest listener could not start; ingest still works on the app's port", { host, port, error: (error as Error).message });
  }
}

/** Stops accepting connections (shutdown); requests in flight finish and are answered. */
export function closeIngestListener(): void {
  const server = globalThis.warrantIngestListener;
  if (!server) return;
  server.close();
  server.closeIdleConnections();
}
