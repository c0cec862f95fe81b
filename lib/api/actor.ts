import type { SignedIn } from "./handler";

/** How the access log and the verification runs name who did something: an email, or `apikey:<prefix>`. */
export function actorName(principal: SignedIn): string {
  return principal.kind === "user" ? principal.email : `apikey:${principal.prefix ?? principal.keyId}`;
}
