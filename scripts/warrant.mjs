#!/usr/bin/env node
// `npx warrant <command>`: runs the same library code as the app, through tsx, so there is no build step.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
register({ tsconfig: path.join(root, "tsconfig.json") });
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv.slice(2));
