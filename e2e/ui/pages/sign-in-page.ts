import { expect, type Page } from "@playwright/test";
import type { Person } from "../../people";

export class SignInPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/sign-in");
    await expect(this.heading).toBeVisible();
  }

  get heading() {
    return this.page.getByRole("heading", { level: 1, name: "Sign in" });
  }
  get email() {
    return this.page.getByLabel("Email");
  }
  get password() {
    return this.page.getByLabel("Password");
  }
  /** The form's own alert (Next's route announcer is an alert too, outside <main>). */
  get error() {
    return this.page.getByRole("main").getByRole("alert");
  }

  async submit(email: string, password: string) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  /** Signs in and waits to land on a dashboard page. */
  async signIn(person: Pick<Person, "email" | "password">) {
    await this.goto();
    await this.submit(person.email, person.password);
    await this.page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  }
}
