import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { apiKeys } from "@/db/schema";

export const API_SCOPES = ["ingest", "read", "export", "admin"] as const;
export const scopeSchema = z.enum(API_SCOPES);
export type ApiScope = z.infer<typeof scopeSchema>;

const KEY_PREFIX = "wrt_";

// Keys are 256 random bits, so a fast hash is enough: there is nothing to brute-force.
const hashSecret = (secret: string) => createHash("sha256").update(secret, "utf8").digest();

export interface CreatedApiKey {
  id: string;
  workspaceId: string;
  name: string;
  scopes: ApiScope[];
  /** The secret, shown exactly once; only its hash is stored. */
  key: string;
  prefix: string;
}

export async function createApiKey(
  db: Database,
  input: { workspaceId: string; name: string; scopes: ApiScope[]; createdBy?: string },
): Promise<CreatedApiKey> {
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  const prefix = key.slice(0, 12);
  const scopes = [...new Set(input.scopes)];
  const [row] = await db
    .insert(apiKeys)
    .values({ workspaceId: input.workspaceId, name: input.name, prefix, secretHash: hashSecret(key), scopes, createdBy: input.createdBy })
    .returning({ id: apiKeys.id });
  return { id: row.id, workspaceId: input.workspaceId, name: input.name, scopes, key, prefix };
}

export interface ApiPrincipal {
  keyId: string;
  workspaceId: string;
  scopes: ApiScope[];
}

// Ingest sends many small requests; a database round trip per request to re-read the same key would
// cost more than the append itself. Verified keys are remembered for a few seconds: a revocation in
// this process takes effect at once, one made by another process within AUTH_CACHE_MS.
const AUTH_CACHE_MS = 5_000;
const AUTH_CACHE_MAX = 10_000;
// On globalThis: Next may load this module once per server bundle, and a revocation made by a
// settings action must reach the cache the ingest route reads.
const globalForKeys = globalThis as unknown as { warrantApiKeyCache?: Map<string, { principal: ApiPrincipal; until: number }> };
const authCache = (globalForKeys.warrantApiKeyCache ??= new Map());

/** The principal behind a presented key, or null for an unknown or revoked key. */
export async function authenticateApiKey(db: Database, presented: string): Promise<ApiPrincipal | null> {
  if (!presented.startsWith(KEY_PREFIX) || presented.length > 200) return null;
  const digest = hashSecret(presented);
  const cacheKey = digest.toString("base64");
  const cached = authCache.get(cacheKey);
  if (cached && cached.until > Date.now()) return cached.principal;
  const principal = await lookUpKey(db, digest);
  if (principal) {
    if (authCache.size >= AUTH_CACHE_MAX) authCache.clear();
    authCache.set(cacheKey, { principal, until: Date.now() + AUTH_CACHE_MS });
  }
  return principal;
}

async function lookUpKey(db: Database, digest: Buffer): Promise<ApiPrincipal | null> {
  const [row] = await db
    .select({ id: apiKeys.id, workspaceId: apiKeys.workspaceId, scopes: apiKeys.scopes, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.secretHash, digest), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  // Record use at most once a minute: a write per ingest request would contend on a hot row.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: new Date() })
      .where(and(eq(apiKeys.workspaceId, row.workspaceId), eq(apiKeys.id, row.id)));
  }
  return { keyId: row.id, workspaceId: row.workspaceId, scopes: row.scopes as ApiScope[] };
}

export async function listApiKeys(db: Database, workspaceId?: string) {
  const query = db
    .select({
      id: apiKeys.id,
      workspaceId: apiKeys.workspaceId,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt));
  return workspaceId ? query.where(eq(apiKeys.workspaceId, workspaceId)) : query;
}

/** Drops a key from this process's cache of verified keys, so a revocation applies to the next request. */
export function forgetApiKey(id: string): void {
  for (const [cacheKey, entry] of authCache) if (entry.principal.keyId === id) authCache.delete(cacheKey);
}

/** Revokes a key; returns false when no active key has that id. */
export async function revokeApiKey(db: Database, id: string): Promise<boolean> {
  forgetApiKey(id);
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}
