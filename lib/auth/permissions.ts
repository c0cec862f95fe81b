// The one permission map: every page and API route, and who may use it. Pages, route handlers and
// server actions all ask `authorize()` below; the e2e table test (e2e/api/permissions.spec.ts) is
// generated from ROUTES, and a unit test fails when a page.tsx or route.ts under app/ is missing here.
// Kept free of Next.js and database imports so proxy.ts, the CLI and plain unit tests can read it.
import type { ApiScope } from "./api-keys";

export const ROLES = ["admin", "cx_leader", "compliance", "agent"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  cx_leader: "CX leader",
  compliance: "Compliance",
  agent: "Agent",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Everything, plus users, API keys and workspaces",
  cx_leader: "KPI dashboards",
  compliance: "Verification, exports and the access log",
  agent: "Cases and explanations",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export type AccessRule = Pick<Rule, "roles" | "scopes">;

interface Rule {
  /** Signed-in people with one of these roles are allowed. */
  roles: readonly Role[];
  /** API keys carrying one of these scopes are allowed (the `admin` scope allows everything a key can do). */
  scopes: readonly ApiScope[];
  description: string;
}

const EVERYONE = ROLES;

/**
 * What can be done, and by whom. DESIGN §8: agents look up cases and explanations; CX leaders see
 * KPIs; compliance officers verify, export and read the access log; admins do everything.
 * Permissions without a route yet are listed so the pages and APIs to come have a name to ask for.
 */
export const PERMISSIONS = {
  "home.view": { roles: EVERYONE, scopes: [], description: "The overview: ledger status per workspace" },
  // Compliance reads cases too: auditing an explanation means reading it, and their exports contain them anyway.
  "cases.read": { roles: ["admin", "agent", "compliance"], scopes: ["read"], description: "Cases, timelines, events and their explanations" },
  "metrics.read": { roles: ["admin", "cx_leader"], scopes: ["read"], description: "KPI dashboards and their JSON" },
  "ledger.read": { roles: ["admin", "compliance"], scopes: ["read"], description: "Verify the ledger and list its signed checkpoints" },
  "exports.read": { roles: ["admin", "compliance"], scopes: ["export"], description: "Streamed exports with their signed manifest" },
  "access_log.read": { roles: ["admin", "compliance"], scopes: ["admin"], description: "Who saw or changed what" },
  "policies.manage": { roles: ["admin"], scopes: ["admin"], description: "Decision-authority policies and the kill switch" },
  "users.manage": { roles: ["admin"], scopes: [], description: "Create users, change roles, deactivate" },
  "api_keys.manage": { roles: ["admin"], scopes: [], description: "Create and revoke API keys" },
  "workspaces.manage": { roles: ["admin"], scopes: [], description: "List and create workspaces" },
  // Machine-to-machine: people never ingest with their session, so a forged page cannot write to the ledger.
  "events.ingest": { roles: [], scopes: ["ingest"], description: "Send events (HTTP JSON, NDJSON, OTLP)" },
  "authority.check": { roles: ["admin"], scopes: ["ingest"], description: "Ask the highest autonomy allowed for a proposed action (agents, before acting)" },
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof PERMISSIONS;

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}

/**
 * Access to a route: a permission, "public" (anyone, signed in or not) or "setup" (the one-time
 * first-admin page: anyone while there are no users, nobody afterwards).
 */
export type Access = Permission | "public" | "setup";
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type RouteEntry =
  | { kind: "page"; path: string; access: Access; title: string }
  | { kind: "api"; path: string; methods: Partial<Record<HttpMethod, Access>> };

/**
 * Every page.tsx and route.ts under app/, by URL path as Next derives it (route groups dropped,
 * dynamic segments kept in brackets). A new route without an entry here fails the tests.
 */
export const ROUTES: readonly RouteEntry[] = [
  // Pages
  { kind: "page", path: "/", access: "home.view", title: "Home" },
  { kind: "page", path: "/overview", access: "metrics.read", title: "Overview" },
  { kind: "page", path: "/trust", access: "metrics.read", title: "Trust" },
  { kind: "page", path: "/oversight", access: "metrics.read", title: "Oversight" },
  { kind: "page", path: "/journeys/[journey]", access: "metrics.read", title: "Journey" },
  { kind: "page", path: "/sign-in", access: "public", title: "Sign in" },
  { kind: "page", path: "/setup", access: "setup", title: "Set up Warrant" },
  { kind: "page", path: "/cases", access: "cases.read", title: "Cases" },
  { kind: "page", path: "/cases/[caseId]", access: "cases.read", title: "Case timeline" },
  { kind: "page", path: "/actions/[id]", access: "cases.read", title: "Explanation of an AI action" },
  { kind: "page", path: "/activity", access: "cases.read", title: "Live AI activity" },
  { kind: "page", path: "/access-log", access: "access_log.read", title: "Access log" },
  { kind: "page", path: "/compliance", access: "ledger.read", title: "Compliance" },
  { kind: "page", path: "/settings/users", access: "users.manage", title: "Users" },
  { kind: "page", path: "/settings/api-keys", access: "api_keys.manage", title: "API keys" },
  { kind: "page", path: "/settings/workspaces", access: "workspaces.manage", title: "Workspaces" },
  { kind: "page", path: "/settings/policies", access: "policies.manage", title: "Policies" },
  // API
  { kind: "api", path: "/api/auth/[...nextauth]", methods: { GET: "public", POST: "public" } },
  { kind: "api", path: "/api/v1/health", methods: { GET: "public" } },
  { kind: "api", path: "/api/v1/openapi.json", methods: { GET: "public" } },
  { kind: "api", path: "/api/v1/ledger/public-key", methods: { GET: "public" } },
  { kind: "api", path: "/api/v1/ledger/checkpoints", methods: { GET: "ledger.read" } },
  { kind: "api", path: "/api/v1/ledger/verify", methods: { POST: "ledger.read" } },
  { kind: "api", path: "/api/v1/ledger/verifications", methods: { GET: "ledger.read" } },
  { kind: "api", path: "/api/v1/exports/events", methods: { GET: "exports.read" } },
  { kind: "api", path: "/api/v1/reports/regulator", methods: { GET: "exports.read" } },
  { kind: "api", path: "/api/v1/access-log", methods: { GET: "access_log.read" } },
  { kind: "api", path: "/api/v1/events", methods: { POST: "events.ingest" } },
  { kind: "api", path: "/api/v1/events/[id]", methods: { GET: "cases.read" } },
  { kind: "api", path: "/api/v1/events/[id]/explanation", methods: { GET: "cases.read" } },
  { kind: "api", path: "/api/v1/events/[id]/proof", methods: { GET: "cases.read" } },
  { kind: "api", path: "/api/v1/cases", methods: { GET: "cases.read" } },
  { kind: "api", path: "/api/v1/cases/[caseId]", methods: { GET: "cases.read" } },
  { kind: "api", path: "/api/v1/activity/stream", methods: { GET: "cases.read" } },
  { kind: "api", path: "/api/v1/otlp/v1/traces", methods: { POST: "events.ingest" } },
  { kind: "api", path: "/api/v1/metrics", methods: { GET: "metrics.read" } },
  { kind: "api", path: "/api/v1/metrics/series", methods: { GET: "metrics.read" } },
  { kind: "api", path: "/api/v1/authority/check", methods: { POST: "authority.check" } },
  { kind: "api", path: "/api/v1/policies", methods: { GET: "policies.manage", POST: "policies.manage" } },
  { kind: "api", path: "/api/v1/policies/kill-switch", methods: { POST: "policies.manage" } },
];

/** Who is asking: a signed-in person, an API key, or nobody. */
export type Principal =
  | { kind: "user"; id: string; email: string; name: string; role: Role }
  | { kind: "apiKey"; keyId: string; workspaceId: string; scopes: ApiScope[]; prefix?: string }
  | null;

export type Decision = "allow" | "unauthenticated" | "forbidden";

/** The one authorisation decision, used by pages, route handlers and server actions alike. */
export function authorize(principal: Principal, permission: Permission): Decision {
  return authorizeRule(principal, PERMISSIONS[permission]);
}

/** The same decision for a rule that is not in the map (requireApiKey's "any key with this scope"). */
export function authorizeRule(principal: Principal, rule: AccessRule): Decision {
  if (!principal) return "unauthenticated";
  if (principal.kind === "user") return rule.roles.includes(principal.role) ? "allow" : "forbidden";
  // The admin scope stands for every scope, but never for a permission no key may have (the settings pages).
  const granted = rule.scopes.some((scope) => principal.scopes.includes(scope) || principal.scopes.includes("admin"));
  return granted ? "allow" : "forbidden";
}

/** True when a person with this role may use the permission (for hiding what they cannot open). */
export function roleCan(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

/**
 * True when a person with this role may open the page at `path`, a page path of ROUTES as written there
 * ("/actions/[id]"). Pages that link to other pages ask it, so a link never leads to the 403 page.
 */
export function roleMayOpen(role: Role, path: string): boolean {
  const page = ROUTES.find((r) => r.kind === "page" && r.path === path);
  // A misspelt path must fail loudly, not quietly hide (or show) every link to it.
  if (!page || page.kind !== "page") throw new Error(`${path} is not a page in ROUTES`);
  if (page.access === "public") return true;
  if (page.access === "setup") return false;
  return roleCan(role, page.access);
}

/** Permissions a role holds, for the "not allowed" page and the docs. */
export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleCan(role, p));
}

/** Pages anyone may open without signing in: proxy.ts lets these through. */
export const PUBLIC_PAGES: readonly string[] = ROUTES.filter(
  (r) => r.kind === "page" && (r.access === "public" || r.access === "setup"),
).map((r) => r.path);

/** The pages a role may open, in map order (drives the navigation). */
export function pagesFor(role: Role): { path: string; title: string; permission: Permission }[] {
  return ROUTES.flatMap((r) =>
    // Pages with a dynamic segment (/cases/[caseId]) are reached from another page, not linked to directly.
    r.kind === "page" && r.access !== "public" && r.access !== "setup" && !r.path.includes("[") && roleCan(role, r.access)
      ? [{ path: r.path, title: r.title, permission: r.access }]
      : [],
  );
}
