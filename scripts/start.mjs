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
// Idle keep-alive connections are kept 65 s, KEEP_ALIVE_TIMEOUT_MS of lib/api/keep-alive.ts (which says
// why), written out here because plain node cannot import TypeScript.
const server = spawnSync("npx", ["next", "start", "-p", port, "--keepAliveTimeout", "65000"], { stdio: "inherit" });
process.exit(server.status ?? 0);
