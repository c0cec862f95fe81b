import { describe, expect, it } from "vitest";
import { routeFiles } from "@/tests/helpers/route-files";
import { API_SCOPES } from "./api-keys";
import {
  authorize,
  type HttpMethod,
  isPermission,
  pagesFor,
  type Permission,
  PERMISSIONS,
  PUBLIC_PAGES,
  type Principal,
  ROLES,
  roleCan,
  roleMayOpen,
  ROUTES,
} from "./permissions";

const user = (role: (typeof ROLES)[number]): Principal => ({ kind: "user", id: "u", email: "u@example.com", name: "U", role });
const key = (...scopes: (typeof API_SCOPES)[number][]): Principal => ({ kind: "apiKey", keyId: "k", workspaceId: "default", scopes });

describe("the permission map", () => {
  const files = routeFiles();

  it("finds the app's routes (the scan itself works)", () => {
    expect(files.find((f) => f.path === "/" && f.kind === "page")).toBeTruthy();
    expect(files.find((f) => f.path === "/api/v1/ledger/verify")?.methods).toEqual(["POST"]);
    expect(files.find((f) => f.path === "/api/auth/[...nextauth]")?.methods).toEqual(["GET", "POST"]);
  });

  it("has an entry for every page.tsx and every exported method of every route.ts under app/", () => {
    const missing: string[] = [];
    for (const file of files) {
      const entry = ROUTES.find((r) => r.kind === file.kind && r.path === file.path);
      if (!entry) {
        missing.push(`${file.file} (${file.path})`);
        continue;
      }
      if (entry.kind === "api") {
        for (const method of file.methods) if (!entry.methods[method as HttpMethod]) missing.push(`${method} ${file.path} (${file.file})`);
      }
    }
    expect(missing, "add these to ROUTES in lib/auth/permissions.ts").toEqual([]);
  });

  it("lists nothing that does not exist", () => {
    const stale = ROUTES.filter((r) => !files.some((f) => f.kind === r.kind && f.path === r.path)).map((r) => r.path);
    expect(stale).toEqual([]);
    for (const r of ROUTES) {
      if (r.kind !== "api") continue;
      const file = files.find((f) => f.kind === "api" && f.path === r.path)!;
      expect(Object.keys(r.methods).sort(), r.path).toEqual([...file.methods].sort());
    }
  });

  it("names only known permissions", () => {
    for (const r of ROUTES) {
      const accesses = r.kind === "page" ? [r.access] : Object.values(r.methods);
      for (const access of accesses) expect(access === "public" || access === "setup" || isPermission(access!), `${r.path}: ${access}`).toBe(true);
    }
  });

  it("keeps settings to admins and gives each role what DESIGN §8 says", () => {
    for (const p of ["users.manage", "api_keys.manage", "workspaces.manage", "policies.manage"] as Permission[]) {
      expect(ROLES.filter((r) => roleCan(r, p))).toEqual(["admin"]);
    }
    expect(roleCan("agent", "cases.read")).toBe(true);
    expect(roleCan("agent", "metrics.read")).toBe(false);
    expect(roleCan("cx_leader", "metrics.read")).toBe(true);
    expect(roleCan("cx_leader", "ledger.read")).toBe(false);
    expect(roleCan("compliance", "ledger.read") && roleCan("compliance", "exports.read") && roleCan("compliance", "access_log.read")).toBe(true);
    // Admins hold every permission a person can hold.
    for (const p of Object.keys(PERMISSIONS) as Permission[]) {
      if (PERMISSIONS[p].roles.length > 0) expect(roleCan("admin", p), p).toBe(true);
    }
  });
});

describe("authorize", () => {
  it("answers unauthenticated for nobody, whatever the permission", () => {
    for (const p of Object.keys(PERMISSIONS) as Permission[]) expect(authorize(null, p)).toBe("unauthenticated");
  });

  it("lets a person in by role only", () => {
    for (const role of ROLES) {
      for (const p of Object.keys(PERMISSIONS) as Permission[]) {
        expect(authorize(user(role), p), `${role} ${p}`).toBe((PERMISSIONS[p].roles as readonly string[]).includes(role) ? "allow" : "forbidden");
      }
    }
  });

  it("lets a key in by scope, with admin standing for every scope but never for people-only permissions", () => {
    expect(authorize(key("ingest"), "events.ingest")).toBe("allow");
    expect(authorize(key("read"), "events.ingest")).toBe("forbidden");
    expect(authorize(key("read"), "ledger.read")).toBe("allow");
    expect(authorize(key("ingest"), "ledger.read")).toBe("forbidden");
    expect(authorize(key("export"), "exports.read")).toBe("allow");
    expect(authorize(key("admin"), "events.ingest")).toBe("allow");
    expect(authorize(key("admin"), "access_log.read")).toBe("allow");
    expect(authorize(key("read", "export"), "access_log.read")).toBe("forbidden");
    for (const p of ["users.manage", "api_keys.manage", "workspaces.manage", "home.view"] as Permission[]) {
      expect(authorize(key(...API_SCOPES), p), p).toBe("forbidden");
    }
  });

  it("keeps ingest to API keys: no role may ingest with a session", () => {
    for (const role of ROLES) expect(authorize(user(role), "events.ingest")).toBe("forbidden");
  });
});

describe("derived lists", () => {
  it("lets signed-out visitors reach only the sign-in and setup pages", () => {
    expect([...PUBLIC_PAGES].sort()).toEqual(["/setup", "/sign-in"]);
  });

  it("gives each role the pages it may open by address, and never one its role lacks", () => {
    for (const role of ROLES) {
      const pages = pagesFor(role);
      expect(pages[0]?.path, role).toBe("/");
      for (const page of pages) {
        expect(roleCan(role, page.permission), `${role} ${page.path}`).toBe(true);
        expect(page.path).not.toContain("[");
      }
    }
    expect(pagesFor("agent").map((p) => p.path)).not.toContain("/settings/users");
    expect(pagesFor("agent").map((p) => p.path)).not.toContain("/access-log");
    expect(pagesFor("compliance").map((p) => p.path)).toContain("/access-log");
    expect(pagesFor("admin").map((p) => p.path)).toEqual(expect.arrayContaining(["/", "/access-log", "/settings/users", "/settings/api-keys", "/settings/workspaces"]));
  });

  it("says whether a role may open a page it is linked to, by the page's entry in the map", () => {
    expect(roleMayOpen("cx_leader", "/actions/[id]")).toBe(false);
    expect(roleMayOpen("cx_leader", "/cases/[caseId]")).toBe(false);
    expect(roleMayOpen("cx_leader", "/journeys/[journey]")).toBe(true);
    expect(roleMayOpen("agent", "/actions/[id]")).toBe(true);
    expect(roleMayOpen("compliance", "/cases/[caseId]")).toBe(true);
    expect(roleMayOpen("agent", "/sign-in")).toBe(true);
    expect(roleMayOpen("admin", "/setup")).toBe(false);
    expect(() => roleMayOpen("admin", "/actions/[eventId]")).toThrow(/not a page/);
  });
});
