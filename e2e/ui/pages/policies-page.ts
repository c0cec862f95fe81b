import { expect, type Page } from "@playwright/test";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Settings → Workspaces, for creating a workspace a test owns alone. */
export class WorkspacesSettingsPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/workspaces");
    await expect(this.page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
  }

  async create(id: string, name: string) {
    await this.goto();
    const form = this.page.getByRole("form", { name: "Create a workspace" });
    await form.getByLabel("Id").fill(id);
    await form.getByLabel("Name").fill(name);
    await form.getByRole("button", { name: "Create workspace" }).click();
    await expect(form.getByRole("status")).toContainText(`Created workspace ${id}`);
  }
}

/** Settings → Policies: the policy in force, the kill switch, publishing, the history. */
export class PoliciesSettingsPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole("heading", { level: 1, name: "Policies" });
  }

  async goto(workspace: string) {
    await this.page.goto(`/settings/policies?workspace=${encodeURIComponent(workspace)}`);
    await expect(this.heading).toBeVisible();
  }

  /** From anywhere in the dashboard: the Settings entry of the main navigation, then the Policies tab. */
  async open(workspace: string) {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Settings/ }).click();
    await this.page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Policies" }).click();
    await expect(this.heading).toBeVisible();
    await this.page.getByLabel("Workspace").selectOption(workspace);
    await this.page.getByRole("button", { name: "Show" }).click();
    await expect(this.page).toHaveURL(new RegExp(`workspace=${escape(workspace)}`));
  }

  get noPolicy() {
    return this.page.getByRole("region", { name: "No policy in force" });
  }
  get inForce() {
    return this.page.getByRole("heading", { level: 2, name: /^In force:/ });
  }
  get rules() {
    return this.page.getByRole("table", { name: /^Rules of / });
  }
  get caps() {
    return this.page.getByRole("table", { name: /^Caps in force/ });
  }
  get history() {
    return this.page.getByRole("table", { name: "Policy versions, newest first" });
  }

  get publishForm() {
    return this.page.getByRole("form", { name: "Publish a new version" });
  }
  get document() {
    return this.publishForm.getByLabel("Policy (YAML or JSON)");
  }
  /** The refused document's problems, one per line:column. */
  get problems() {
    return this.publishForm.getByRole("alert");
  }

  async publish(text: string, reason: string) {
    // React resets a textarea to its default when it hydrates it: fill only after that.
    await expect(this.publishForm).toHaveAttribute("data-hydrated", "true");
    await this.document.fill(text);
    await this.publishForm.getByLabel("Reason").fill(reason);
    await this.publishForm.getByRole("button", { name: "Publish" }).click();
  }

  async expectPublished(version: number) {
    await expect(this.publishForm.getByRole("status")).toContainText(`Published version ${version} of`);
  }

  get killSwitch() {
    return this.page.getByRole("form", { name: "Lower to assist" });
  }

  async lowerToAssist(pattern: string, reason: string) {
    await this.killSwitch.getByLabel("Actions").fill(pattern);
    await this.killSwitch.getByLabel("Reason").fill(reason);
    await this.killSwitch.getByRole("button", { name: "Lower to assist" }).click();
    await expect(this.killSwitch.getByRole("status")).toContainText(`Every action matching ${pattern} is now limited to assist`);
  }

  cap(pattern: string) {
    return this.caps.getByRole("row", { name: new RegExp(`^${escape(pattern)} `) });
  }

  async lift(pattern: string, reason: string) {
    const row = this.cap(pattern);
    await row.getByLabel(`Why lift the cap on ${pattern}`).fill(reason);
    await row.getByRole("button", { name: `Lift the cap on ${pattern}` }).click();
    await expect(this.caps).toHaveCount(0);
  }
}
