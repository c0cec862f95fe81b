// The floor under bench:ingest's single events: a node:http server that reads each request's body,
// parses it and answers what the app answers, and does nothing else (no key, no contract, no database).
// Driven by the same load generator on the same cores, it measures what HTTP and the generator alone
// leave of the machine, so a run on a slow machine can be told apart from slow code (docs/benchmarks.md).
// Usage: tsx scripts/bench/http-floor.ts <port>; prints "ready" once it listens.
import http from "node:http";
import { KEEP_ALIVE_TIMEOUT_MS } from "@/lib/api/keep-alive";

const port = Number(process.argv[2]);
const HASH = "0".repeat(64);

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const sent = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id?: string } | { id?: string }[];
    const events = (Array.isArray(sent) ? sent : [sent]).map((event, index) => ({ id: event.id, seq: index + 1, hash: HASH, duplicate: false, redacted: 0 }));
    const body = Buffer.from(JSON.stringify({ accepted: events.length, duplicates: 0, events }));
    response.writeHead(200, { "content-type": "application/json", "content-length": String(body.byteLength) });
    response.end(body);
  });
});
server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
server.listen(port, "127.0.0.1", () => console.log("ready"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
