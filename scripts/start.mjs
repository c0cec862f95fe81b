#!/usr/bin/env node
// `npm start`: builds the app once if there is no production build yet, then serves it. With no
// DATABASE_URL the embedded PGlite database lives in WARRANT_DATA_DIR (default ./.data).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync(".next/BUILD_ID")) {
  console.error("No production build yet: building once (npm run build rebuilds after changes)…");
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const port = process.env.PORT ?? "3000";
// Idle keep-alive connections are kept 65 s, longer than common load balancers' idle timeout (60 s), so
// they close first, never mid-request; Node's default (5 s) closes them under clients that reuse a
// connection a few seconds later, whose next request then fails with a reset (as the ingest port does,
// lib/ingest/listener.ts).
const server = spawnSync("npx", ["next", "start", "-p", port, "--keepAliveTimeout", "65000"], { stdio: "inherit" });
process.exit(server.status ?? 0);
