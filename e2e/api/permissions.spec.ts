// Every page and API route against every role, every API-key scope and a signed-out visitor, on the
// real server, with the expected answer of each cell derived from the one permission map
// (lib/auth/permissions.ts). People sign in through next-auth's real credentials flow.
import { expect, test } from "@playwright/test";
import { type Access, authorize, type HttpMethod, type Principal, ROUTES } from "@/lib/auth/permissions";
import { routeFiles } from "@/tests/helpers/route-files";
import { aiAction } from "../fixtures";
import { people, ROLE_NAMES, SCOPES, scopeKey, signedInContext } from "../people";

type Column =
  | { label: "signed out"; principal: null }
  | { label: string; principal: Exclude<Principal, null>; role?: (typeof ROLE_NAMES)[number]; scope?: (typeof SCOPES)[number] };

const COLUMNS: Column[] = [
  { label: "signed out", principal: null },
  ...ROLE_NAMES.map((role) => ({ label: role, role, principal: { kind: "user" as const, id: "", email: "", name: "", role } })),
  ...SCOPES.map((scope) => ({ label: `key:${scope}`, scope, principal: { kind: "apiKey" as const, keyId: "", workspaceId: "default", scopes: [scope] } })),
];

/**
 * How to call a route so that an allowed caller gets a meaningful success: the concrete path for a
 * dynamic segment (ids of an event stored in beforeAll), a valid body, and the status that means
 * "let in" when it is not 200.
 */
interface Probe {
  path?: string;
  data?: () => unknown;
  ok?: number;
}
const stored = { id: "", caseId: "", journey: "" };
const PROBES: Record<string, () => Probe> = {
  "GET /api/auth/[...nextauth]": () => ({ path: "/api/auth/session" }),
  // Without a CSRF token next-auth redirects to its sign-out page (and signs nobody out).
  "POST /api/auth/[...nextauth]": () => ({ path: "/api/auth/signout", ok: 302 }),
  "POST /api/v1/events": () => ({ data: () => aiAction() }),
  "POST /api/v1/otlp/v1/traces": () => ({ data: () => ({ resourceSpans: [] }) }),
  "POST /api/v1/authority/check": () => ({ data: () => ({ action: "refund.issue" }) }),
  // Policy changes would change what every other spec sees in the default workspace (ingest judges
  // actions by the policy in force). A body that is well-formed but names an invalid policy or pattern
  // proves the caller got past the permission check (400, not 401/403) without changing anything.
  "POST /api/v1/policies": () => ({ data: () => ({ document: { id: "permission-probe", rules: [{ pattern: "*", maxAutonomy: "full" }] }, reason: "permission probe" }), ok: 400 }),
  "POST /api/v1/policies/kill-switch": () => ({ data: () => ({ pattern: "Not A Pattern", reason: "permission probe" }), ok: 400 }),
  "GET /api/v1/events/[id]": () => ({ path: `/api/v1/events/${stored.id}` }),
  "GET /api/v1/events/[id]/explanation": () => ({ path: `/api/v1/events/${stored.id}/explanation` }),
  "GET /api/v1/events/[id]/proof": () => ({ path: `/api/v1/events/${stored.id}/proof` }),
  "GET /api/v1/cases/[caseId]": () => ({ path: `/api/v1/cases/${encodeURIComponent(stored.caseId)}` }),
  "GET /cases/[caseId]": () => ({ path: `/cases/${encodeURIComponent(stored.caseId)}` }),
  "GET /actions/[id]": () => ({ path: `/actions/${stored.id}` }),
  "GET /journeys/[journey]": () => ({ path: `/journeys/${stored.journey}` }),
  // Routes whose query has a required parameter.
  "GET /api/v1/metrics/series": () => ({ path: "/api/v1/metrics/series?kpi=containment" }),
  "GET /api/v1/reports/regulator": () => ({ path: `/api/v1/reports/regulator?month=${new Date().toISOString().slice(0, 7)}` }),
};

/** The answer a cell must get, from the map alone. */
function expected(kind: "page" | "api", access: Access, column: Column, ok: number): number {
  if (access === "public") return ok;
  if (access === "setup") return 404; // users exist, so the one-time setup page is gone for everyone
  if (kind === "page") {
    // Pages take sessions only: a bearer key is no session, so the visitor is sent to sign in.
    if (column.principal === null || column.principal.kind === "apiKey") return 302;
    return authorize(column.principal, access) === "allow" ? ok : 403;
  }
  const decision = authorize(column.principal, access);
  return decision === "allow" ? ok : decision === "unauthenticated" ? 401 : 403;
}

test.describe("permissions", () => {
  // The headers each column sends: nothing, a real session cookie, or a bearer key. Requests go through
  // Node's fetch, which hands back the status as soon as the headers arrive, so a server-sent-events
  // stream is probed like any other route (its body is then cancelled).
  const headers = new Map<string, Record<string, string>>();

  test.beforeAll(async ({ baseURL }) => {
    headers.set("signed out", {});
    const everyone = people();
    for (const role of ROLE_NAMES) {
      const context = await signedInContext(baseURL!, everyone[role]);
      const cookies = (await context.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
      headers.set(role, { cookie: cookies });
      await context.dispose();
    }
    for (const scope of SCOPES) headers.set(`key:${scope}`, { authorization: `Bearer ${scopeKey(scope)}` });
    // An AI action to point the dynamic routes at, so an allowed caller gets a real 200.
    const event = aiAction();
    const ingest = await fetch(new URL("/api/v1/events", baseURL), {
      method: "POST",
      headers: { authorization: `Bearer ${scopeKey("ingest")}`, "content-type": "application/json" },
      body: JSON.stringify(event),
    });
    expect(ingest.status).toBe(200);
    Object.assign(stored, { id: event.id, caseId: event.caseId, journey: event.journey });
  });

  test("the map lists every page.tsx and route.ts under app/, and nothing else", () => {
    const files = routeFiles();
    const mapped = ROUTES.flatMap((r) => (r.kind === "page" ? [`page ${r.path}`] : Object.keys(r.methods).map((m) => `${m} ${r.path}`)));
    const onDisk = files.flatMap((f) => (f.kind === "page" ? [`page ${f.path}`] : f.methods.map((m) => `${m} ${f.path}`)));
    expect(onDisk.filter((r) => !mapped.includes(r)), "routes missing from ROUTES in lib/auth/permissions.ts").toEqual([]);
    expect(mapped.filter((r) => !onDisk.includes(r)), "ROUTES entries with no route file").toEqual([]);
  });

  interface Row {
    kind: "page" | "api";
    method: HttpMethod;
    path: string;
    access: Access;
  }
  const rows: Row[] = ROUTES.flatMap((route): Row[] =>
    route.kind === "page"
      ? [{ kind: "page", method: "GET", path: route.path, access: route.access }]
      : (Object.entries(route.methods) as [HttpMethod, Access][]).map(([method, access]) => ({ kind: "api", method, path: route.path, access })),
  );

  for (const row of rows) {
    test(`${row.kind === "page" ? "page" : row.method} ${row.path} (${row.access})`, async ({ baseURL }) => {
      const probe = PROBES[`${row.method} ${row.path}`]?.() ?? {};
      const url = probe.path ?? row.path;
      expect(url, `add a probe for the dynamic route ${row.path}`).not.toContain("[");
      const table: string[] = [];
      for (const column of COLUMNS) {
        const want = expected(row.kind, row.access, column, probe.ok ?? 200);
        const body = probe.data ? JSON.stringify(probe.data()) : undefined;
        const response = await fetch(new URL(url, baseURL), {
          method: row.method,
          redirect: "manual",
          headers: { ...headers.get(column.label), ...(body ? { "content-type": "application/json" } : {}) },
          body,
        });
        const got = response.status;
        // Error answers are short; read them (to check their shape, and to say why a cell is wrong).
        const text = got >= 400 ? await response.text() : (await response.body?.cancel(), "");
        table.push(`${column.label.padEnd(12)} want ${want} got ${got}${got === want ? "" : `   <-- wrong ${text.slice(0, 160)}`}`);
        if (want === 302 && row.kind === "page") expect.soft(response.headers.get("location"), `${column.label}: redirect target`).toMatch(/\/sign-in/);
        if (row.kind === "api" && (want === 401 || want === 403)) {
          expect.soft(JSON.parse(text).error?.code, `${column.label}: error shape`).toBe(want === 401 ? "unauthenticated" : "forbidden");
        }
      }
      test.info().annotations.push({ type: "cells", description: table.join("\n") });
      expect(table.filter((line) => line.includes("<-- wrong")), table.join("\n")).toEqual([]);
    });
  }
});
