import { ApiError } from "@/lib/api/errors";
import type { ApiRequest } from "@/lib/api/handler";
import type { Runtime } from "@/lib/runtime";
import { authenticateApiKey } from "./api-keys";
import { authConfig } from "./config";
import type { Principal } from "./permissions";
import { parseCookieHeader, sessionTokenFrom, sessionUser } from "./session";

const bearerChallenge = (error?: string) => ({ "www-authenticate": error ? `Bearer error="${error}"` : "Bearer" });

/**
 * Who sent this request: the API key in `Authorization: Bearer …` if there is that header (a bad one
 * is a 401, never a fall-back to the cookie), otherwise the session cookie, otherwise nobody (null).
 */
export async function principalFromRequest(runtime: Runtime, request: Pick<ApiRequest, "headers">): Promise<Principal> {
  const header = request.headers.get("authorization");
  if (header !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, "unauthenticated", "Authorization must be 'Bearer <API key>'.", undefined, bearerChallenge());
    const key = await authenticateApiKey(runtime.handle.db, match[1]);
    if (!key) throw new ApiError(401, "unauthenticated", "The API key is unknown or revoked.", undefined, bearerChallenge("invalid_token"));
    return { kind: "apiKey", ...key };
  }
  const token = sessionTokenFrom(parseCookieHeader(request.headers.get("cookie")));
  if (!token) return null;
  return sessionUser(runtime.handle.db, token, authConfig(runtime.env));
}
