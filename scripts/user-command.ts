import { appendAccessLog, SYSTEM_WORKSPACE } from "@/lib/auth/access-log";
import { newPasswordSchema } from "@/lib/auth/passwords";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { createUser, emailSchema, listUsers, nameSchema, roleSchema, setPassword, UserExistsError } from "@/lib/auth/users";
import type { Runtime } from "@/lib/runtime";

export type UserOptions = { email?: string; name?: string; role?: string };

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/**
 * The password, without ever prompting or echoing it: from WARRANT_PASSWORD, or else read from standard
 * input when that is a pipe or a file (`printf %s "$PW" | npx warrant user create …`).
 */
export async function readPassword(env: Record<string, string | undefined> = process.env, stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (env.WARRANT_PASSWORD) return env.WARRANT_PASSWORD;
  if (stdin.isTTY) throw new Error("no password: set WARRANT_PASSWORD or pipe it on standard input (it is never prompted for or echoed)");
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  const password = Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  if (!password) throw new Error("no password: standard input was empty; set WARRANT_PASSWORD or pipe it in");
  return password;
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`${what}: ${parsed.error.issues[0].message}`);
  return parsed.data;
}

/** `warrant user create|list|set-password`. */
export async function userCommand(rt: Runtime, [sub]: string[], options: UserOptions, password: () => Promise<string> = readPassword): Promise<number> {
  const db = rt.handle.db;
  if (sub === "create") {
    const email = parse(emailSchema, options.email, "--email");
    const name = parse(nameSchema, options.name, "--name");
    const role = parse(roleSchema, options.role ?? "agent", "--role");
    const secret = parse(newPasswordSchema, await password(), "password");
    try {
      const user = await createUser(db, { email, name, role, password: secret });
      await appendAccessLog(db, { workspaceId: SYSTEM_WORKSPACE, actor: "cli", action: "user.create", target: user.email, details: { userId: user.id, role } });
      err(`created ${ROLE_LABELS[role]} ${user.name} <${user.email}>`);
      out(user.id);
      return 0;
    } catch (error) {
      if (error instanceof UserExistsError) {
        err(error.message);
        return 1;
      }
      throw error;
    }
  }
  if (sub === "list") {
    for (const user of await listUsers(db)) out(`${user.id}  ${user.email}  ${user.role}  ${user.active ? "active" : "deactivated"}  ${user.name}`);
    return 0;
  }
  if (sub === "set-password") {
    const email = parse(emailSchema, options.email, "--email");
    const secret = parse(newPasswordSchema, await password(), "password");
    if (!(await setPassword(db, email, secret))) {
      err(`no user with the email ${email}`);
      return 1;
    }
    await appendAccessLog(db, { workspaceId: SYSTEM_WORKSPACE, actor: "cli", action: "user.set_password", target: email });
    out(`password set for ${email}`);
    return 0;
  }
  err("usage: warrant user create --email E --name N --role R | user list | user set-password --email E");
  return 2;
}
