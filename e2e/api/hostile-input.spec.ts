import net from "node:net";
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { aiAction, auth, isStored } from "../fixtures";

// Hostile bodies at the ingest endpoints: deep nesting, huge numbers, invalid UTF-8, prototype-
// pollution keys, strings at and past every limit, bodies that trickle in. Each answer is a precise
// 4xx (or a 200 that stores exactly what was sent), never a 5xx, never a partial write, and the
// server keeps serving everyone else. docs/reliability.md lists the classes and the results.

const EVENTS = "/api/v1/events";
const OTLP = "/api/v1/otlp/v1/traces";
const DEEP = 100_000;

async function send(request: APIRequestContext, body: string | Buffer, type = "application/json", path = EVENTS) {
  const response = await request.post(path, { headers: { ...auth(), "content-type": type }, data: Buffer.isBuffer(body) ? body : Buffer.from(body) });
  const text = await response.text();
  let json: { error?: { code: string; message: string; issues?: { index?: number; path: string; message: string }[] }; events?: unknown[] } = {};
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status(), json, headers: response.headers() };
}

/** The event with `patch` spliced into its JSON text, so values JSON.stringify cannot write (1e400) get through. */
function eventText(extra: string, base = aiAction()) {
  return { id: base.id, text: JSON.stringify(base).replace(/}$/, `,${extra}}`) };
}

test.describe("hostile input at the ingest endpoints", () => {
  test("100,000 levels of nesting are refused with a 400, at every endpoint and in every place", async ({ request }) => {
    const deepArray = "[".repeat(DEEP) + "]".repeat(DEEP);
    const deepObject = '{"a":'.repeat(DEEP) + "1" + "}".repeat(DEEP);
    const inAttributes = eventText(`"attributes":${deepObject}`);
    const kv = '{"kvlistValue":{"values":[{"key":"k","value":'.repeat(DEEP) + '{"stringValue":"x"}' + "}]}}".repeat(DEEP);
    const cases: [string, string, string, string][] = [
      ["a deep array as the body", deepArray, "application/json", EVENTS],
      ["a deep object as the body", deepObject, "application/json", EVENTS],
      ["a deep attributes object", inAttributes.text, "application/json", EVENTS],
      ["a deep NDJSON line", `${JSON.stringify(aiAction())}\n${deepObject}`, "application/x-ndjson", EVENTS],
      ["a deep OTLP attribute value", `{"resourceSpans":[{"resource":{"attributes":[{"key":"a","value":${kv}}]},"scopeSpans":[]}]}`, "application/json", OTLP],
    ];
    for (const [name, body, type, path] of cases) {
      const answer = await send(request, body, type, path);
      expect(answer.status, name).toBe(400);
    }
    expect(await isStored(request, inAttributes.id)).toBe(false);
    const attributesIssue = (await send(request, inAttributes.text)).json.error?.issues?.[0];
    expect(attributesIssue).toMatchObject({ index: 0, path: "attributes" });
  });

  test("numbers past a double are refused where they are, and 2^64 integers are stored as JSON numbers", async ({ request }) => {
    for (const [name, extra, path] of [
      ["1e400 as an attribute", `"attributes":{"n":1e400}`, "attributes.n"],
      ["-1e400 deep in attributes", `"attributes":{"a":[1,{"b":-1e400}]}`, "attributes.a.1.b"],
    ] as const) {
      const { id, text } = eventText(extra);
      const answer = await send(request, text);
      expect(answer.status, name).toBe(400);
      expect(answer.json.error).toMatchObject({ code: "invalid_events", issues: [{ index: 0, path }] });
      expect(await isStored(request, id)).toBe(false);
    }
    const confidence = aiAction();
    const overflow = await send(request, JSON.stringify(confidence).replace('"confidence":0.92', '"confidence":1e400'));
    expect(overflow.status).toBe(400);
    expect(overflow.json.error?.issues?.[0]?.path).toBe("decision.confidence");
    const amount = aiAction();
    expect((await send(request, JSON.stringify(amount).replace('"value":42', '"value":1e400'))).status).toBe(400);

    // 2^64 and -(2^63 + 1) are valid JSON; as JSON numbers (doubles) they round, as RFC 8785 says, and are
    // hashed in that form. An exact big integer must travel as a string.
    const big = eventText(`"attributes":{"u64":18446744073709551616,"i64":-9223372036854775809,"tiny":1e-400,"exact":"18446744073709551616"}`);
    const stored = await send(request, big.text);
    expect(stored.status).toBe(200);
    const event = (await (await request.get(`/api/v1/events/${big.id}`, { headers: auth() })).json()).event;
    expect(event.attributes).toEqual({ u64: 18446744073709552000, i64: -9223372036854776000, tiny: 0, exact: "18446744073709551616" });
    const otlpBig = await send(request, JSON.stringify(otlpExport([{ key: "warrant.confidence", value: { doubleValue: "1e400" } }, { key: "gen_ai.usage.input_tokens", value: { intValue: "18446744073709551616" } }])), "application/json", OTLP);
    expect(otlpBig.status).toBeLessThan(500);
  });

  test("bytes that are not UTF-8 are refused, not replaced; NUL characters and lone surrogates are refused without sinking other requests", async ({ request }) => {
    const valid = JSON.stringify(aiAction());
    for (const [name, bytes] of [
      ["0xFF", [0xff]],
      ["an overlong '/'", [0xc0, 0xaf]],
      ["a UTF-8-encoded surrogate", [0xed, 0xa0, 0x80]],
      ["a truncated sequence", [0xe2, 0x82]],
    ] as const) {
      const [head, tail] = valid.split("The carrier");
      const body = Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(`The carrier${tail}`)]);
      for (const type of ["application/json", "application/x-ndjson"]) {
        const answer = await send(request, body, type);
        expect(answer.status, `${name} as ${type}`).toBe(400);
        expect(answer.json.error?.code).toBe("invalid_encoding");
      }
      const otlp = Buffer.from(JSON.stringify(otlpExport([{ key: "warrant.rationale", value: { stringValue: "MARK" } }])));
      const at = otlp.indexOf("MARK");
      expect((await send(request, Buffer.concat([otlp.subarray(0, at), Buffer.from(bytes), otlp.subarray(at)]), "application/json", OTLP)).status, `${name} in OTLP`).toBe(400);
    }

    // Valid JSON that PostgreSQL cannot hold (\u0000) or that is not Unicode (a lone surrogate), sent
    // together with good requests that may share its group commit: only the bad one fails.
    const bad = [
      eventText(`"attributes":{"note":"a\\u0000b"}`),
      { id: "", text: "" },
      eventText(`"attributes":{"k\\u0000":1}`),
      eventText(`"attributes":{"s":"\\ud800"}`),
    ];
    const caseNul = aiAction();
    bad[1] = { id: caseNul.id, text: JSON.stringify(caseNul).replace(/"caseId":"[^"]*"/, '"caseId":"case\\u0000x"') };
    const good = Array.from({ length: 8 }, () => aiAction());
    const answers = await Promise.all([...bad.map((b) => send(request, b.text)), ...good.map((g) => send(request, JSON.stringify(g)))]);
    answers.slice(0, bad.length).forEach((a, i) => {
      expect(a.status, `bad ${i}`).toBe(400);
      expect(a.json.error?.code).toBe("invalid_events");
      expect(a.json.error?.issues?.[0]).toMatchObject({ index: 0 });
    });
    answers.slice(bad.length).forEach((a) => expect(a.status).toBe(200));
    for (const b of bad) expect(await isStored(request, b.id)).toBe(false);
    for (const g of good) expect(await isStored(request, g.id)).toBe(true);
  });

  test("__proto__ and constructor.prototype keys are data, never prototypes: refused at the top, stored verbatim in attributes", async ({ request }) => {
    const top = eventText(`"__proto__":{"type":"case.opened"}`);
    const refused = await send(request, top.text);
    expect(refused.status).toBe(400);
    expect(refused.json.error?.issues?.[0]).toMatchObject({ path: "__proto__" });

    const nested = aiAction();
    const decision = await send(request, JSON.stringify(nested).replace('"confidence":0.92', '"confidence":0.92,"constructor":{"prototype":{"polluted":true}}'));
    expect(decision.status).toBe(400);

    const kept = eventText(`"attributes":{"__proto__":{"scopes":["admin"],"role":"admin","polluted":true},"constructor":{"prototype":{"polluted":true}}}`);
    const ndjson = [kept.text, JSON.stringify(aiAction())].join("\n");
    expect((await send(request, ndjson, "application/x-ndjson")).status).toBe(200);
    const text = await (await request.get(`/api/v1/events/${kept.id}`, { headers: auth() })).text();
    // Stored as own keys, exactly as sent.
    expect(text).toContain('"__proto__":{"polluted":true,"role":"admin","scopes":["admin"]}');
    expect(text).toContain('"constructor":{"prototype":{"polluted":true}}');
    // And nothing leaked into the server's objects: a read-only key still cannot write.
    const readOnly = await request.post(EVENTS, { headers: { ...auth("read"), "content-type": "application/json" }, data: aiAction() });
    expect(readOnly.status()).toBe(403);
    const health = await (await request.get("/api/v1/health")).json();
    expect(health).not.toHaveProperty("polluted");
  });

  test("strings at every limit are stored, one past it is refused naming the field, and bodies past 5 MiB get a 413", async ({ request }) => {
    const at = [
      aiAction({ decision: { rationale: "r".repeat(4000) } }),
      aiAction({ decision: { rationale: "😀".repeat(4000) } }), // lengths count code points: 4,000 (8,000 UTF-16 units)
      aiAction({ caseId: "c".repeat(200) }),
      aiAction({ attributes: { blob: "a".repeat(16 * 1024 - '{"blob":""}'.length) } }),
    ];
    for (const event of at) expect((await send(request, JSON.stringify(event))).status).toBe(200);
    for (const [event, path] of [
      [aiAction({ decision: { rationale: "r".repeat(4001) } }), "decision.rationale"],
      [aiAction({ decision: { rationale: `${"😀".repeat(4000)}x` } }), "decision.rationale"],
      [aiAction({ caseId: "c".repeat(201) }), "caseId"],
      [aiAction({ attributes: { blob: "a".repeat(16 * 1024 - '{"blob":""}'.length + 1) } }), "attributes"],
      [aiAction({ decision: { rationale: "r".repeat(4 * 1024 * 1024) } }), "decision.rationale"],
    ] as const) {
      const answer = await send(request, JSON.stringify(event));
      expect(answer.status).toBe(400);
      expect(answer.json.error?.issues?.[0]?.path).toBe(path);
      expect(await isStored(request, event.id)).toBe(false);
    }

    // A full request just under 5 MiB is stored whole; one byte more is refused before it is parsed.
    const empty = Buffer.byteLength(JSON.stringify(Array.from({ length: 1000 }, () => aiAction({ attributes: { pad: "" } }))));
    const pad = "p".repeat(Math.min(Math.floor((5 * 1024 * 1024 - empty) / 1000), 16 * 1024 - 20));
    const under = JSON.stringify(Array.from({ length: 1000 }, () => aiAction({ attributes: { pad } })));
    const padded = under + " ".repeat(5 * 1024 * 1024 - Buffer.byteLength(under));
    expect(Buffer.byteLength(padded)).toBe(5 * 1024 * 1024);
    const whole = await send(request, padded);
    expect(whole.status).toBe(200);
    expect(whole.json.events).toHaveLength(1000);
    const over = [{ ...aiAction(), id: randomUUID() }];
    const overBody = JSON.stringify(over) + " ".repeat(5 * 1024 * 1024 + 1 - Buffer.byteLength(JSON.stringify(over)));
    for (const [path, type] of [[EVENTS, "application/json"], [EVENTS, "application/x-ndjson"], [OTLP, "application/json"]] as const) {
      const answer = await send(request, overBody, type, path);
      expect(answer.status, `${path} ${type}`).toBe(413);
      expect(answer.json.error?.code).toBe("payload_too_large");
    }
    expect(await isStored(request, over[0].id)).toBe(false);
    // The same without a Content-Length (chunked): refused while it streams.
    const chunked = await rawRequest(EVENTS, overBody, { chunked: true });
    expect(chunked.status).toBe(413);
  });

  test("a body that stalls or trickles is answered 408 in bounded time while everyone else is served", async ({ request }) => {
    test.setTimeout(90_000);
    const event = JSON.stringify([aiAction()]);
    const started = Date.now();
    // Stalls after half its body: the idle timeout (10 s) answers it.
    const stalled = rawRequest(EVENTS, event, { stallAfter: Math.floor(event.length / 2) });
    // One byte every 0.5 s: never idle for long, so the total timeout (30 s) answers it.
    const trickled = rawRequest(EVENTS, event, { trickleMs: 500 });
    // Meanwhile ordinary requests are served at once.
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      expect((await send(request, JSON.stringify(aiAction()))).status).toBe(200);
      expect(Date.now() - t).toBeLessThan(5000);
    }
    const [stall, trickle] = await Promise.all([stalled, trickled]);
    expect(stall.status).toBe(408);
    expect(stall.ms).toBeGreaterThanOrEqual(9_000);
    expect(stall.ms).toBeLessThan(20_000);
    expect(stall.body).toContain("request_timeout");
    expect(trickle.status).toBe(408);
    expect(trickle.ms).toBeLessThan(45_000);
    expect(Date.now() - started).toBeLessThan(60_000);
    const id = JSON.parse(event)[0].id;
    expect(await isStored(request, id)).toBe(false);
  });

  test.afterAll(async ({ request }) => {
    // After all of it: healthy, and the chain still verifies.
    const health = await request.get("/api/v1/health");
    expect(health.status()).toBe(200);
    const verify = await request.post("/api/v1/ledger/verify", { headers: auth() });
    expect(await verify.json()).toMatchObject({ ok: true });
  });
});

function otlpExport(extra: { key: string; value: Record<string, unknown> }[]) {
  const hex = (n: number) => randomUUID().replaceAll("-", "").slice(0, n);
  const now = BigInt(Date.now()) * 1_000_000n;
  const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr("service.name", "hostile")] },
        scopeSpans: [
          {
            scope: { name: "hostile" },
            spans: [
              {
                traceId: hex(32),
                spanId: hex(16),
                name: "execute_tool refund.issue",
                kind: 1,
                startTimeUnixNano: String(now - 1000n),
                endTimeUnixNano: String(now),
                attributes: [attr("gen_ai.operation.name", "execute_tool"), attr("gen_ai.tool.name", "refund.issue"), attr("warrant.case_id", `case-${hex(8)}`), ...extra],
              },
            ],
          },
        ],
      },
    ],
  };
}

interface RawAnswer {
  status: number;
  body: string;
  ms: number;
}

/**
 * A raw HTTP/1.1 request over a socket, for what a normal client will not do: send a body in chunks
 * without a length, stall half-way, or trickle it a byte at a time.
 */
function rawRequest(path: string, body: string, options: { chunked?: boolean; stallAfter?: number; trickleMs?: number }): Promise<RawAnswer> {
  const { hostname: host, port } = new URL(test.info().project.use.baseURL!);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), host);
    let received = "";
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearInterval(timer);
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (!match) return reject(new Error(`no HTTP answer: ${received.slice(0, 200)}`));
      resolve({ status: Number(match[1]), body: received.slice(received.indexOf("\r\n\r\n") + 4), ms: Date.now() - started });
      socket.destroy();
    };
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
      // One answer is all we need; the server may keep the socket open to drain the rest.
      const head = received.indexOf("\r\n\r\n");
      if (head >= 0) {
        const headers = received.slice(0, head);
        const length = /content-length: (\d+)/i.exec(headers);
        const chunked = /transfer-encoding: chunked/i.test(headers);
        if (chunked ? received.endsWith("\r\n0\r\n\r\n") : length && received.length - head - 4 >= Number(length[1])) finish();
      }
    });
    socket.on("end", finish);
    socket.on("error", (error) => (received ? finish() : reject(error)));
    const headers = [`POST ${path} HTTP/1.1`, `Host: ${host}:${port}`, `Authorization: ${auth().authorization}`, "Content-Type: application/json"];
    const bytes = Buffer.from(body);
    if (options.chunked) {
      socket.write(`${[...headers, "Transfer-Encoding: chunked"].join("\r\n")}\r\n\r\n`);
      for (let i = 0; i < bytes.length; i += 64 * 1024) {
        const part = bytes.subarray(i, i + 64 * 1024);
        socket.write(`${part.length.toString(16)}\r\n`);
        socket.write(part);
        socket.write("\r\n");
      }
      socket.write("0\r\n\r\n");
      return;
    }
    socket.write(`${[...headers, `Content-Length: ${bytes.length}`].join("\r\n")}\r\n\r\n`);
    if (options.stallAfter !== undefined) {
      socket.write(bytes.subarray(0, options.stallAfter));
      return;
    }
    let sent = 0;
    timer = setInterval(() => {
      if (sent < bytes.length && !socket.destroyed) socket.write(bytes.subarray(sent, ++sent));
    }, options.trickleMs);
  });
}
