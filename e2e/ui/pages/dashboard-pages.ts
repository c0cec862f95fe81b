import { expect, type Locator, type Page } from "@playwright/test";

/** The filter form every dashboard page carries (kept in the URL). */
export class DashboardFilters {
  constructor(readonly page: Page) {}

  get region() {
    return this.page.getByRole("region", { name: "Filters" });
  }

  async setRange(from: string, to: string) {
    await this.region.getByLabel("From").fill(from);
    await this.region.getByLabel("To (not included)").fill(to);
  }

  async chooseJourney(journey: string) {
    await this.region.getByLabel("Journey").selectOption(journey);
  }

  async chooseWorkspace(workspace: string) {
    await this.region.getByLabel("Workspace").selectOption(workspace);
  }

  async apply() {
    await this.region.getByRole("button", { name: "Apply" }).click();
  }
}

/** A dashboard page: KPI cards by their label, tables, and the filters. */
export class DashboardPage {
  readonly filters: DashboardFilters;

  constructor(
    readonly page: Page,
    readonly path: string,
    readonly title: string,
  ) {
    this.filters = new DashboardFilters(page);
  }

  async goto(params: Record<string, string> = {}) {
    const qs = new URLSearchParams(params).toString();
    await this.page.goto(qs ? `${this.path}?${qs}` : this.path);
    await this.loaded();
  }

  async loaded() {
    // The heading arrives with the server-rendered page, after the loading skeleton's; on CI's two cores,
    // shared with a second server seeding the 50,000-event demo (first-start.spec.ts), that once took
    // longer than expect's default 5 s, so it gets the same allowance as the sections.
    await expect(this.page.getByRole("heading", { level: 1, name: this.title })).toBeVisible({ timeout: 30_000 });
    // Sections stream in behind skeletons; wait until none is busy.
    await expect(this.page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 30_000 });
  }

  card(label: string): Locator {
    return this.page.getByRole("article", { name: label, exact: true });
  }

  /** The headline value of a KPI card ("72.7%", "11", "30.0 min"). */
  async cardValue(label: string): Promise<string> {
    return (await this.card(label).locator("p").first().locator("span").first().innerText()).trim();
  }

  /** The "n of m …" line under a rate card's value. */
  async cardDetail(label: string): Promise<string> {
    return (await this.card(label).locator("p").nth(1).innerText()).trim();
  }

  table(name: string): Locator {
    return this.page.getByRole("table", { name });
  }
}

export class OverviewPage extends DashboardPage {
  constructor(page: Page) {
    super(page, "/overview", "Overview");
  }

  journeyLink(journey: string) {
    return this.table("KPIs per journey").getByRole("link", { name: journey, exact: true });
  }
}
