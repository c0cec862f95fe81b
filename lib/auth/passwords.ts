import { compare, hash, truncates } from "bcryptjs";
import { z } from "zod";

// bcrypt at cost 12: about a quarter of a second per check on a small server, slow enough to make a
// stolen hash expensive to crack and cheap enough for people signing in.
const COST = 12;

/**
 * A new password: long rather than clever (NIST SP 800-63B), and within bcrypt's 72-byte input, since
 * bcrypt silently ignores everything after it and two passwords differing only there would both work.
 */
export const newPasswordSchema = z
  .string()
  .min(12, "Use at least 12 characters.")
  .refine((password) => !truncates(password), "Use at most 72 bytes (bcrypt ignores anything longer).");

export function hashPassword(password: string): Promise<string> {
  return hash(password, COST);
}

// A hash of a random string, compared against when the email is unknown, so an unknown email takes
// as long to refuse as a wrong password and timing does not reveal which accounts exist.
const DUMMY_HASH = "$2b$12$yz3m/2uyKpO7duaEePAO/uSoanChRCSH.7wYINdf57UOSHUlOg/Pi";

/** Checks a password against a stored hash; with no hash (unknown user, SSO-only user) it still spends the same time. */
export async function verifyPassword(password: string, storedHash: string | null | undefined): Promise<boolean> {
  // No stored password is longer than 72 bytes, so a longer one is wrong; bcrypt would compare its prefix only.
  if (!storedHash || truncates(password)) {
    await compare(password, DUMMY_HASH);
    return false;
  }
  return compare(password, storedHash);
}
