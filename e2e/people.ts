// The people and scoped keys scripts/test.mjs created with the CLI before the server started, and a
// sign-in through next-auth's real credentials flow (CSRF token, then the form POST).
import { readFileSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, request as playwrightRequest } from "@playwright/test";
import type { Role } from "../lib/auth/permissions";

export interface Person {
  email: string;
  name: string;
  password: string;
}

export const ROLE_NAMES: Role[] = ["admin", "cx_leader", "compliance", "agent"];
export const SCOPES = ["ingest", "read", "export", "admin"] as const;

export function people(): Record<Role, Person> {
  return JSON.parse(readFileSync(path.resolve(".test-data/e2e-users.json"), "utf8"));
}

export function scopeKey(scope: (typeof SCOPES)[number]): string {
  return readFileSync(path.resolve(`.test-data/e2e-${scope}-scope-key`), "utf8").trim();
}

/** POSTs the credentials form the way the sign-in page does; the context keeps the session cookie. */
export async function postCredentials(context: APIRequestContext, email: string, password: string) {
  const { csrfToken } = await (await context.get("/api/auth/csrf")).json();
  return context.post("/api/auth/callback/credentials", { form: { email, password, csrfToken, callbackUrl: "/", json: "true" } });
}

/** A request context signed in as `person`. */
export async function signedInContext(baseURL: string, person: Person): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL });
  const response = await postCredentials(context, person.email, person.password);
  expect(response.status(), `sign-in of ${person.email}`).toBe(200);
  return context;
}

export const uniqueEmail = (label: string) => `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.com`;
export const uniquePassword = (label: string) => `${label}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
