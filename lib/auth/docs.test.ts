import { describe, expect, it } from "vitest";
import { documentedTables, permissionTables } from "./permissions-doc";

describe("docs/security.md", () => {
  it("shows the permission map as it is in lib/auth/permissions.ts (rewrite it with: npx tsx lib/auth/permissions-doc.ts)", () => {
    expect(documentedTables()).toBe(permissionTables());
  });
});
