// Finds every page.tsx and route.ts under app/ and the URL path Next serves it at, so tests can check
// that lib/auth/permissions.ts's ROUTES lists each one (and nothing that does not exist).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface RouteFile {
  file: string;
  kind: "page" | "api";
  /** As in ROUTES: route groups "(x)" dropped, dynamic segments kept in brackets. */
  path: string;
  /** HTTP methods a route.ts exports (empty for pages). */
  methods: string[];
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith("_") ? [] : walk(full); // _folders are private
    return [full];
  });
}

/** The methods a route module exports: `export const GET`, `export async function POST`, `export { h as GET }`. */
export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|let|var|async\s+function|function)\s+([A-Z]+)\b/g)) found.add(m[1]);
  for (const block of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of block[1].split(",")) {
      const name = part.trim().split(/\s+as\s+/).at(-1)?.trim();
      if (name) found.add(name);
    }
  }
  return METHODS.filter((m) => found.has(m));
}

export function routeFiles(root = path.resolve("app")): RouteFile[] {
  return walk(root)
    .filter((file) => /\/(page\.(tsx|ts|jsx|js|mdx)|route\.(ts|js))$/.test(file))
    .map((file) => {
      const segments = path
        .relative(root, path.dirname(file))
        .split(path.sep)
        .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith("@"));
      const kind = /\/route\.(ts|js)$/.test(file) ? "api" : "page";
      return {
        file: path.relative(path.dirname(root), file),
        kind,
        path: `/${segments.join("/")}`,
        methods: kind === "api" ? exportedMethods(readFileSync(file, "utf8")) : [],
      } satisfies RouteFile;
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}
