import { asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Executor } from "@/db/client";
import { users } from "@/db/schema";
import { hashPassword } from "./passwords";
import { ROLES, type Role } from "./permissions";

/** Emails are compared lower-cased and trimmed, so "Ana@Example.com " and "ana@example.com" are one person. */
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.").max(320));
export const nameSchema = z.string().trim().min(1, "Enter a name.").max(200, "Use at most 200 characters.");
export const roleSchema = z.enum(ROLES, "Choose one of: admin, cx_leader, compliance, agent.");

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** A user as the rest of the app sees one: never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  failedSignIns: number;
  createdAt: Date;
}

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  failedSignIns: users.failedSignIns,
  createdAt: users.createdAt,
};

const asPublic = (row: Omit<PublicUser, "role"> & { role: string }): PublicUser => ({ ...row, role: row.role as Role });

/** The email is already taken. */
export class UserExistsError extends Error {
  override name = "UserExistsError";
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  /** Absent for people who only sign in through single sign-on. */
  password?: string;
}

export async function createUser(db: Executor, input: NewUser): Promise<PublicUser> {
  const email = normaliseEmail(input.email);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const rows = await db
    .insert(users)
    .values({ email, name: input.name.trim(), role: input.role, passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning(publicColumns);
  if (rows.length === 0) throw new UserExistsError(`A user with the email ${email} already exists.`);
  return asPublic(rows[0]);
}

/** Sets a new password (the CLI's recovery path); true when the user exists. */
export async function setPassword(db: Executor, email: string, password: string): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  const rows = await db.update(users).set({ passwordHash, failedSignIns: 0 }).where(eq(users.email, normaliseEmail(email))).returning({ id: users.id });
  return rows.length > 0;
}

export async function countUsers(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return Number(row.n);
}

export async function listUsers(db: Database): Promise<PublicUser[]> {
  return (await db.select(publicColumns).from(users).orderBy(asc(users.createdAt), asc(users.email))).map(asPublic);
}

export async function getUser(db: Executor, id: string): Promise<PublicUser | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await db.select(publicColumns).from(users).where(eq(users.id, id));
  return row ? asPublic(row) : null;
}

/** The user and their password hash, for checking a sign-in only. */
export async function findUserForSignIn(db: Database, email: string) {
  const [row] = await db
    .select({ ...publicColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, normaliseEmail(email)));
  return row ? { ...asPublic(row), passwordHash: row.passwordHash } : null;
}

export async function recordSignInFailure(db: Database, id: string): Promise<void> {
  await db.update(users).set({ failedSignIns: sql`${users.failedSignIns} + 1` }).where(eq(users.id, id));
}

export async function recordSignInSuccess(db: Database, id: string): Promise<void> {
  await db.update(users).set({ failedSignIns: 0 }).where(eq(users.id, id));
}

// Any constant works; it only has to be the same in every process that may create the first user.
const FIRST_USER_LOCK = 0x7761_7573; // "waus"

/**
 * Creates the first user, as an admin, only while there are none: the one-time setup page. Two people
 * racing through setup are serialised on an advisory lock, so exactly one of them gets the admin.
 * Returns null when a user already exists.
 */
export async function createFirstAdmin(db: Database, input: Omit<NewUser, "role">): Promise<PublicUser | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_USER_LOCK})`);
    if ((await countUsers(tx)) > 0) return null;
    return createUser(tx, { ...input, role: "admin" });
  });
}
