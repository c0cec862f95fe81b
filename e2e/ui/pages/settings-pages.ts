import { expect, type Page } from "@playwright/test";
import type { Role } from "../../../lib/auth/permissions";

export class UsersSettingsPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/users");
    await expect(this.page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  }

  async addUser(user: { name: string; email: string; role: Role; password: string }) {
    const form = this.page.getByRole("form", { name: "Add a user" });
    await form.getByLabel("Name").fill(user.name);
    await form.getByLabel("Email").fill(user.email);
    await form.getByLabel("Role").selectOption(user.role);
    await form.getByLabel("Initial password").fill(user.password);
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(form.getByRole("status")).toContainText(`Created ${user.name}`);
  }

  row(name: string) {
    return this.page.getByRole("row", { name: new RegExp(name) });
  }

  async deactivate(name: string) {
    await this.page.getByRole("button", { name: `Deactivate ${name}` }).click();
    // An irreversible change asks first, in the row.
    await this.row(name).getByRole("button", { name: "Yes, deactivate" }).click();
    await expect(this.row(name).getByText("Deactivated", { exact: true })).toBeVisible();
  }
}

export class ApiKeysSettingsPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/api-keys");
    await expect(this.page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  }

  /** Creates a key and returns the secret the page shows once. */
  async create(key: { name: string; workspace?: string; scopes: string[] }): Promise<string> {
    const form = this.page.getByRole("form", { name: "Create an API key" });
    await form.getByLabel("Name").fill(key.name);
    if (key.workspace) await form.getByLabel("Workspace").selectOption(key.workspace);
    for (const scope of ["ingest", "read", "export", "admin"]) {
      const box = form.getByRole("checkbox", { name: new RegExp(`^${scope} `) });
      if (key.scopes.includes(scope)) await box.check();
      else await box.uncheck();
    }
    await form.getByRole("button", { name: "Create key" }).click();
    const secret = form.getByLabel("New API key");
    await expect(secret).toHaveValue(/^wrt_/);
    return secret.inputValue();
  }

  row(name: string) {
    return this.page.getByRole("row", { name: new RegExp(name) });
  }

  async revoke(name: string) {
    await this.page.getByRole("button", { name: `Revoke ${name}` }).click();
    await this.row(name).getByRole("button", { name: "Yes, revoke" }).click();
    await expect(this.row(name).getByText(/Revoked/)).toBeVisible();
  }
}
