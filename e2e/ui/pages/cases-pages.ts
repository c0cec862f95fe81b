import { expect, type Locator, type Page } from "@playwright/test";

/** Counts what a person does with the mouse and keyboard, to hold journeys to a number of interactions. */
export class Interactions {
  count = 0;
  async do<T>(action: () => Promise<T>): Promise<T> {
    this.count += 1;
    return action();
  }
}

export class CasesPage {
  constructor(
    readonly page: Page,
    readonly interactions = new Interactions(),
  ) {}

  async goto() {
    await this.page.goto("/cases");
    await expect(this.page.getByRole("heading", { level: 1, name: "Cases" })).toBeVisible();
  }
  get search() {
    return this.page.getByRole("searchbox", { name: "Search cases" });
  }
  get results() {
    return this.page.getByRole("table");
  }
  row(caseId: string) {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("link", { name: caseId, exact: true }) });
  }

  /** Pastes into the search box (it has focus on arrival) and submits with Enter: two interactions. */
  async pasteAndSearch(text: string) {
    await expect(this.search).toBeFocused();
    await this.interactions.do(() => this.search.fill(text));
    await this.interactions.do(() => this.search.press("Enter"));
    await this.page.waitForURL(/[?&]query=/);
  }

  async explain(caseId: string) {
    await this.interactions.do(() => this.row(caseId).getByRole("link", { name: /^Explain the AI's/ }).click());
    await this.page.waitForURL(/\/actions\//);
  }
}

export class ExplanationPage {
  constructor(readonly page: Page) {}

  get title() {
    return this.page.getByRole("heading", { level: 1 });
  }
  /** The lead under the title: what the AI did, under what authority, and its stated reason. */
  get sentence() {
    return this.page.getByTestId("explanation-sentence");
  }
  section(name: string | RegExp): Locator {
    return this.page.getByRole("region", { name });
  }
  get authority() {
    return this.section("Under what authority");
  }
  get proof() {
    return this.section("Ledger proof");
  }
  get checks() {
    return this.page.getByRole("list", { name: "Verification checks" });
  }
  async verify() {
    await this.page.getByRole("button", { name: "Verify this event" }).click();
    await expect(this.checks).toBeVisible();
  }
}

export class CaseTimelinePage {
  constructor(readonly page: Page) {}

  async goto(caseId: string) {
    await this.page.goto(`/cases/${encodeURIComponent(caseId)}`);
    await expect(this.page.getByRole("heading", { level: 1, name: new RegExp(caseId) })).toBeVisible();
  }
  get timeline() {
    return this.page.getByRole("list", { name: "Case timeline" });
  }
  step(n: number) {
    return this.timeline.getByRole("listitem").nth(n - 1);
  }
}

export class ActivityPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/activity");
    await expect(this.page.getByRole("heading", { level: 1, name: "Live AI activity" })).toBeVisible();
    await expect(this.page.getByRole("status")).toContainText("Live");
  }
  get items() {
    return this.page.getByRole("list", { name: "AI actions, newest first" }).getByRole("listitem");
  }
}
