// The permission map as the Markdown tables docs/security.md shows between its markers. Run this file
// to rewrite them after changing the map: npx tsx lib/auth/permissions-doc.ts
import { readFileSync, writeFileSync } from "node:fs";
import { type Access, type Permission, PERMISSIONS, ROUTES } from "./permissions";

export const DOC = "docs/security.md";
const START = "<!-- permissions:start -->";
const END = "<!-- permissions:end -->";

const accessText = (access: Access) =>
  access === "public" ? "public" : access === "setup" ? "setup (public while there are no users, on the embedded database; 404 afterwards)" : `\`${access}\``;

export function permissionTables(): string {
  const permissions = (Object.keys(PERMISSIONS) as Permission[]).map((p) => {
    const rule = PERMISSIONS[p];
    return `| \`${p}\` | ${rule.roles.join(", ") || "—"} | ${rule.scopes.join(", ") || "—"} | ${rule.description} |`;
  });
  const routes = ROUTES.flatMap((r) => {
    if (r.kind === "page") return [`| page \`${r.path}\` | ${accessText(r.access)} |`];
    const byAccess = new Map<Access, string[]>();
    for (const [method, access] of Object.entries(r.methods)) byAccess.set(access!, [...(byAccess.get(access!) ?? []), method]);
    return [...byAccess].map(([access, methods]) => `| \`${methods.join(", ")} ${r.path}\` | ${accessText(access)} |`);
  });
  return ["| permission | roles | API-key scopes | what |", "|---|---|---|---|", ...permissions, "", "| route | access |", "|---|---|", ...routes].join("\n");
}

/** The tables as the document has them now. */
export function documentedTables(doc = readFileSync(DOC, "utf8")): string | undefined {
  return doc.split(START)[1]?.split(END)[0]?.trim();
}

if (process.argv[1]?.endsWith("permissions-doc.ts")) {
  const doc = readFileSync(DOC, "utf8");
  const [before, rest] = doc.split(START);
  const after = rest.split(END)[1];
  writeFileSync(DOC, `${before}${START}\n${permissionTables()}\n${END}${after}`);
  console.log(`rewrote the permission tables in ${DOC}`);
}
