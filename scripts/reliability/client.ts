// The clients of the reliability scripts: each sends requests of fresh events (JSON arrays, NDJSON,
// OTLP) and retries a failed or unanswered request with the same body (same ids) until it is
// acknowledged, as the ingestion docs tell clients to. Every acknowledgement is recorded; anything a
// correct server must never answer is recorded as a violation.
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { WarrantEvent } from "@/lib/events/schema";
import { actionExecuted, aiProposal, approvalDecided, caseOpened, caseOutcome, feedback, handoff } from "@/lib/events/examples";
import { otlpEventId } from "@/lib/ingest/otlp-map";
import { sleep } from "./common";

export interface Ack {
  seq: number;
  hash: string;
  /** The event as sent (JSON and NDJSON requests), to compare with what was stored; absent for OTLP. */
  event?: WarrantEvent;
}

type Kind = "json" | "ndjson" | "otlp";

interface Outgoing {
  workspace: string;
  kind: Kind;
  body: string;
  ids: string[];
  events?: WarrantEvent[];
}

export interface ClientOptions {
  port: () => number;
  keys: Map<string, string>;
  /** Per-attempt timeout: an answer slower than this counts as a hang. */
  timeoutMs: number;
  /** Whether a 503 is acceptable (faults) or a violation (load). */
  allow503: boolean;
  /** Batch sizes to draw from. */
  batchSizes: number[];
  /** Share of OTLP requests (0–1); the rest alternate between JSON arrays and NDJSON. */
  otlpShare: number;
}

/** What the clients saw, shared by all of them. */
export class Tracker {
  readonly acks = new Map<string, Map<string, Ack>>();
  readonly violations: string[] = [];
  readonly outcomes = new Map<string, number>();
  /** Milliseconds of every acknowledged attempt. */
  readonly latencies: number[] = [];
  /** Milliseconds until each 503 arrived (must stay under the client's timeout). */
  readonly unavailableLatencies: number[] = [];
  slowest503 = { ms: 0, body: "" };
  requestsAcked = 0;
  eventsAcked = 0;
  retries = 0;
  inFlight = 0;
  lastAckAt = 0;
  /** Requests that were still unacknowledged when their client gave up (must stay 0). */
  abandoned = 0;

  count(outcome: string) {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }

  violation(message: string) {
    if (this.violations.length < 200) this.violations.push(message);
    else if (this.violations.length === 200) this.violations.push("… more violations not listed");
  }

  ack(workspace: string, id: string, ack: Ack) {
    let map = this.acks.get(workspace);
    if (!map) this.acks.set(workspace, (map = new Map()));
    const earlier = map.get(id);
    if (earlier && (earlier.seq !== ack.seq || earlier.hash !== ack.hash)) this.violation(`id ${id} acknowledged twice with different positions`);
    if (!earlier) map.set(id, ack);
  }

  /** Outcomes as "200: 1234, 503: 12, ECONNREFUSED: 3". */
  summary(): string {
    return [...this.outcomes].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}: ${v}`).join(", ");
  }
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function post(agent: http.Agent, port: number, key: string, request: Outgoing, timeoutMs: number): Promise<Answer> {
  const path = request.kind === "otlp" ? "/api/v1/otlp/v1/traces" : "/api/v1/events";
  const type = request.kind === "ndjson" ? "application/x-ndjson" : "application/json";
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path, method: "POST", agent, headers: { authorization: `Bearer ${key}`, "content-type": type, "content-length": Buffer.byteLength(request.body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("client timeout"), { code: "CLIENT_TIMEOUT" })));
    req.on("error", reject);
    req.end(request.body);
  });
}

const TEMPLATES = [caseOpened, aiProposal, approvalDecided, actionExecuted, handoff, caseOutcome, feedback] as WarrantEvent[];

/** `n` fresh, valid events of varied types: the example journey with new ids, cases and times. */
export function freshEvents(n: number, serial: number): WarrantEvent[] {
  const caseId = `case_rel_${serial.toString(36)}`;
  const base = Date.UTC(2026, 0, 1) + serial * 1000;
  return Array.from({ length: n }, (_, i) => {
    const template = TEMPLATES[(serial + i) % TEMPLATES.length];
    const event = structuredClone(template) as WarrantEvent & { parentId?: string };
    event.id = randomUUID();
    event.caseId = caseId;
    event.occurredAt = new Date(base + i).toISOString();
    if ("parentId" in event) event.parentId = randomUUID();
    return event;
  });
}

const attr = (key: string, value: string | number) => ({ key, value: typeof value === "number" ? { doubleValue: value } : { stringValue: value } });

function otlpExport(n: number, serial: number): { body: string; ids: string[] } {
  const traceId = randomBytes(16).toString("hex");
  const end = BigInt(Date.UTC(2026, 0, 1) + serial * 1000) * 1_000_000n;
  const spans = Array.from({ length: n }, () => {
    const spanId = randomBytes(8).toString("hex");
    return {
      traceId,
      spanId,
      name: "execute_tool refund.issue",
      kind: 1,
      startTimeUnixNano: String(end - 5_000_000n),
      endTimeUnixNano: String(end),
      attributes: [
        attr("gen_ai.operation.name", "execute_tool"),
        attr("gen_ai.tool.name", "refund.issue"),
        attr("gen_ai.agent.name", "refund-agent"),
        attr("warrant.case_id", `case_otlp_${serial.toString(36)}`),
        attr("warrant.journey", "delivery_failure"),
        attr("warrant.channel", "chat"),
        attr("warrant.autonomy", "autonomous"),
        attr("warrant.rationale", "The carrier confirmed the parcel lost; the refund is within the policy limit."),
        attr("warrant.confidence", 0.9),
      ],
    };
  });
  const body = { resourceSpans: [{ resource: { attributes: [attr("service.name", "reliability")] }, scopeSpans: [{ scope: { name: "reliability" }, spans }] }] };
  return { body: JSON.stringify(body), ids: spans.map((s) => otlpEventId(traceId, s.spanId)) };
}

let serials = 0;

function nextRequest(options: ClientOptions, workspaces: string[]): Outgoing {
  const serial = ++serials;
  const workspace = workspaces[serial % workspaces.length];
  const n = options.batchSizes[serial % options.batchSizes.length];
  if (Math.random() < options.otlpShare) {
    const { body, ids } = otlpExport(n, serial);
    return { workspace, kind: "otlp", body, ids };
  }
  const events = freshEvents(n, serial);
  const kind: Kind = serial % 2 === 0 ? "json" : "ndjson";
  const body = kind === "json" ? JSON.stringify(events) : events.map((e) => JSON.stringify(e)).join("\n");
  return { workspace, kind, body, ids: events.map((e) => e.id), events };
}

/**
 * Sends `request` until it is acknowledged or `giveUpAt` passes. Retries connection errors, 503 and
 * 429 (after Retry-After) with the same body; a retried request may be acknowledged as duplicates.
 */
async function sendUntilAcked(request: Outgoing, agent: http.Agent, options: ClientOptions, tracker: Tracker, giveUpAt: () => number): Promise<void> {
  const key = options.keys.get(request.workspace)!;
  for (let attempt = 0; ; attempt++) {
    if (Date.now() > giveUpAt()) {
      tracker.abandoned += 1;
      tracker.violation(`a ${request.kind} request of ${request.ids.length} events was never acknowledged (${attempt} attempts)`);
      return;
    }
    if (attempt > 0) tracker.retries += 1;
    const started = performance.now();
    let answer: Answer;
    tracker.inFlight += 1;
    try {
      answer = await post(agent, options.port(), key, request, options.timeoutMs);
    } catch (error) {
      const code = (error as { code?: string }).code ?? "ERROR";
      tracker.count(code);
      if (code === "CLIENT_TIMEOUT") tracker.violation(`no answer within ${options.timeoutMs / 1000} s (a hang)`);
      await sleep(code === "ECONNREFUSED" ? 250 : 100);
      continue;
    } finally {
      tracker.inFlight -= 1;
    }
    const ms = performance.now() - started;
    tracker.count(String(answer.status));
    if (answer.status === 200) {
      recordAck(request, answer, attempt, tracker);
      tracker.latencies.push(ms);
      tracker.requestsAcked += 1;
      tracker.eventsAcked += request.ids.length;
      tracker.lastAckAt = Date.now();
      return;
    }
    if (answer.status === 503 || answer.status === 429) {
      const retryAfter = Number(answer.headers["retry-after"]);
      if (!(retryAfter >= 0)) tracker.violation(`${answer.status} without a Retry-After header: ${answer.body.slice(0, 200)}`);
      if (answer.status === 503) {
        tracker.unavailableLatencies.push(ms);
        if (ms > tracker.slowest503.ms) tracker.slowest503 = { ms, body: answer.body.slice(0, 300) };
        if (!options.allow503) tracker.violation(`503 under load: ${answer.body.slice(0, 200)}`);
      }
      await sleep(Math.min(Number.isFinite(retryAfter) ? retryAfter * 1000 : 1000, 5000));
      continue;
    }
    // A valid request, retried with the same body, has no other correct answer: 409 would mean a
    // retry was not recognised as the same event; 4xx a valid event refused; 5xx a server failure.
    tracker.violation(`${request.kind} request answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    if (answer.status >= 500) {
      await sleep(500);
      continue;
    }
    tracker.abandoned += 1;
    return;
  }
}

function recordAck(request: Outgoing, answer: Answer, attempt: number, tracker: Tracker) {
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    tracker.violation(`200 with a body that is not JSON: ${answer.body.slice(0, 100)}`);
    return;
  }
  if (request.kind === "otlp") {
    const partial = (body as { partialSuccess?: { rejectedSpans?: number } }).partialSuccess;
    if (partial?.rejectedSpans) tracker.violation(`OTLP export partly rejected: ${answer.body.slice(0, 300)}`);
    for (const id of request.ids) tracker.ack(request.workspace, id, { seq: Number.NaN, hash: "" });
    return;
  }
  const result = body as { accepted: number; duplicates: number; events: { id: string; seq: number; hash: string; duplicate: boolean }[] };
  if (!Array.isArray(result.events) || result.events.length !== request.ids.length || result.accepted + result.duplicates !== request.ids.length) {
    tracker.violation(`acknowledgement does not account for every event: ${answer.body.slice(0, 200)}`);
    return;
  }
  result.events.forEach((entry, i) => {
    if (entry.id !== request.ids[i]) tracker.violation(`acknowledgement out of order: ${entry.id} for ${request.ids[i]}`);
    if (attempt === 0 && entry.duplicate) tracker.violation(`fresh id ${entry.id} acknowledged as a duplicate on the first attempt`);
    tracker.ack(request.workspace, entry.id, { seq: entry.seq, hash: entry.hash, event: request.events![i] });
  });
}

/**
 * Runs `concurrency` clients until `stop()` is true; each finishes (acknowledges) the request it is
 * working on before returning, giving up at `giveUpAt()`.
 */
export async function runClients(options: ClientOptions, tracker: Tracker, concurrency: number, stop: () => boolean, giveUpAt: () => number) {
  const workspaces = [...options.keys.keys()];
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (!stop()) await sendUntilAcked(nextRequest(options, workspaces), agent, options, tracker, giveUpAt);
      }),
    );
  } finally {
    agent.destroy();
  }
}
