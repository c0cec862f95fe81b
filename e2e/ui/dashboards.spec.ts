// A CX leader reads the KPI dashboards: Overview, narrowed to one journey and a date range, each number
// the same as GET /api/v1/metrics answers for the same filters, then a journey's own page; Trust and
// Oversight too. The data is the hand-worked metrics fixture (lib/metrics/fixture.ts), sent through the
// ingest API into the e2e workspace; its dates (March 2025) keep other specs' events out of the range.
import { type APIRequestContext, expect, type Page, test, type TestInfo } from "@playwright/test";
import { fixtureEvents } from "@/lib/metrics/fixture";
import type { MetricsResult } from "@/lib/metrics/types";
import { auth } from "../fixtures";
import { people } from "../people";
import { DashboardPage, OverviewPage } from "./pages/dashboard-pages";
import { SignInPage } from "./pages/sign-in-page";

const RANGE = { from: "2025-03-01", to: "2025-03-31", workspace: "default" };

test.beforeAll(async ({ request }) => {
  const events = fixtureEvents.filter((e) => e.workspace === "acme").map((e) => e.event);
  const response = await request.post("/api/v1/events", { headers: { ...auth(), "content-type": "application/json" }, data: events });
  expect(response.status(), await response.text()).toBe(200);
});

const pct = (value: number | null) => (value === null ? "—" : `${(value * 100).toFixed(1)}%`);

/** GET /api/v1/metrics with the page's own session, for the filters in the page's URL. */
async function apiFor(request: APIRequestContext, page: Page): Promise<MetricsResult> {
  const url = new URL(page.url());
  const response = await request.get(`/api/v1/metrics?${url.searchParams.toString()}`);
  expect(response.status()).toBe(200);
  return response.json();
}

async function expectCardsMatch(overview: DashboardPage, m: MetricsResult) {
  const k = m.kpis;
  expect(await overview.cardValue("AI-engaged cases")).toBe(String(k.aiEngaged.value));
  for (const [label, ratio] of [
    ["AI resolution", k.aiResolution],
    ["Containment", k.containment],
    ["Hollow containment", k.hollowContainment],
    ["First-contact resolution", k.fcr],
    ["Override rate", k.override],
    ["Reversal rate", k.reversal],
  ] as const) {
    expect(await overview.cardValue(label), label).toBe(pct(ratio.value));
    if (ratio.denominator > 0) expect(await overview.cardDetail(label), label).toContain(`${ratio.numerator} of ${ratio.denominator}`);
  }
}

async function shoot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}

test("a CX leader narrows Overview to a journey and a range, the numbers match the API, and opens the journey", async ({ page }, testInfo) => {
  // Five server-rendered page loads and four screenshots: ~25 s on CI's two cores, too near the default 60.
  test.setTimeout(120_000);
  await new SignInPage(page).signIn(people().cx_leader);
  const overview = new OverviewPage(page);
  await overview.goto(RANGE);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Overview/ })).toHaveAttribute("aria-current", "page");

  // The whole of March: the fixture's hand-worked values (reference.test.ts), and the API's.
  const all = await apiFor(page.request, page);
  expect(all.kpis.aiEngaged.value).toBe(11);
  expect(all.kpis.containment).toMatchObject({ numerator: 8, denominator: 11 });
  await expectCardsMatch(overview, all);
  await expect(page.getByRole("figure", { name: "AI resolution vs containment" })).toBeVisible();
  await expect(page.getByRole("figure", { name: "Autonomy mix over time" })).toBeVisible();
  await shoot(page, testInfo, "overview, March 2025");

  // One journey.
  await overview.filters.chooseJourney("delivery_failure");
  await overview.filters.apply();
  await expect(page).toHaveURL(/journey=delivery_failure/);
  await overview.loaded();
  const journey = await apiFor(page.request, page);
  expect(journey.filters.journey).toBe("delivery_failure");
  expect(journey.kpis.aiEngaged.value).toBe(6);
  await expectCardsMatch(overview, journey);
  await shoot(page, testInfo, "overview, delivery_failure");

  // And a shorter range: the first half of March.
  await overview.filters.setRange("2025-03-01", "2025-03-16");
  await overview.filters.apply();
  await expect(page).toHaveURL(/to=2025-03-16/);
  await overview.loaded();
  const half = await apiFor(page.request, page);
  expect(half.to).toBe("2025-03-16T00:00:00Z");
  expect(half.kpis.aiEngaged.value).toBeLessThan(journey.kpis.aiEngaged.value);
  await expectCardsMatch(overview, half);
  await shoot(page, testInfo, "overview, delivery_failure, 1–15 March");

  // The journeys table links to the journey's own page, with the same range.
  await overview.filters.chooseJourney("");
  await overview.filters.apply();
  await overview.loaded();
  const row = overview.table("KPIs per journey").getByRole("row", { name: /billing_dispute/ });
  const apiByJourney = await (await page.request.get(`/api/v1/metrics?${new URLSearchParams({ ...RANGE, to: "2025-03-16", journey: "billing_dispute" })}`)).json();
  await expect(row.getByRole("cell").nth(1)).toHaveText(String(apiByJourney.kpis.aiEngaged.value));
  await overview.journeyLink("billing_dispute").click();
  const journeyPage = new DashboardPage(page, "/journeys/billing_dispute", "billing_dispute");
  await journeyPage.loaded();
  await expect(page).toHaveURL(/\/journeys\/billing_dispute\?.*to=2025-03-16/);
  expect(await journeyPage.cardValue("AI-engaged cases")).toBe(String(apiByJourney.kpis.aiEngaged.value));
  expect(await journeyPage.cardValue("Containment")).toBe(pct(apiByJourney.kpis.containment.value));
  await expect(page.getByRole("heading", { name: /Actions, ranked by volume/ })).toBeVisible();
  await shoot(page, testInfo, "journey billing_dispute");
});

test("a range that runs past today says its last days have not happened yet, and ends today on request", async ({ page }) => {
  await new SignInPage(page).signIn(people().cx_leader);
  const overview = new OverviewPage(page);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const notice = page.getByRole("status").filter({ hasText: "past today" });

  // From three days ago to five days ahead (To not included): tomorrow to To's eve, four days, have not happened yet.
  await overview.goto({ from: day(-3), to: day(5), workspace: "default" });
  await expect(notice).toHaveText(/This range runs 4 days past today\. Those days have not happened yet/);
  // The quick ranges end today, not on the future To.
  await expect(page.getByRole("link", { name: "last 7 days" })).toHaveAttribute("href", new RegExp(`from=${day(-6)}.*to=${day(1)}`));
  await notice.getByRole("link", { name: "End the range today" }).click();
  await expect(page).toHaveURL(new RegExp(`to=${day(1)}`));
  await overview.loaded();
  await expect(notice).toHaveCount(0);

  // A range wholly in the future is said to be so.
  await overview.goto({ from: day(10), to: day(20), workspace: "default" });
  await expect(page.getByRole("status").filter({ hasText: "This range is in the future" })).toBeVisible();
});

test("Trust and Oversight show the same rates as the API for the range", async ({ page }, testInfo) => {
  await new SignInPage(page).signIn(people().cx_leader);
  const trust = new DashboardPage(page, "/trust", "Trust");
  await trust.goto(RANGE);
  const m = await apiFor(page.request, page);
  expect(await trust.cardValue("CSAT, resolved by AI")).toBe(pct(m.kpis.csatAi.value));
  expect(await trust.cardValue("CSAT, resolved by people")).toBe(pct(m.kpis.csatHuman.value));
  expect(await trust.cardValue("Context carried at handoff")).toBe(pct(m.kpis.contextCarried.value));
  expect(await trust.cardValue("Calibration error (ECE)")).toBe(`${(m.kpis.calibration.ece! * 100).toFixed(1)} pts`);
  await expect(page.getByRole("figure", { name: /Calibration/ })).toBeVisible();
  // A CX leader may not open explanations or cases: the breaches name them without linking to a 403.
  await expect(page.getByRole("table", { name: "Latest breaches" }).getByRole("link")).toHaveCount(0);
  await shoot(page, testInfo, "trust");

  const oversight = new DashboardPage(page, "/oversight", "Oversight");
  await oversight.goto(RANGE);
  expect(await oversight.cardValue("Approval rate")).toBe(pct(m.kpis.approval.value));
  expect(await oversight.cardValue("Reject rate")).toBe(pct(m.kpis.reject.value));
  expect(await oversight.cardValue("Override rate")).toBe(pct(m.kpis.override.value));
  // case_10's proposal #67 was never decided.
  await expect(page.getByRole("heading", { name: "Pending approvals (1)" })).toBeVisible();
  const pending = page.getByRole("table", { name: "Oldest pending approvals" });
  await expect(pending.getByRole("cell", { name: "case_10" })).toBeVisible();
  await expect(pending.getByRole("link")).toHaveCount(0);
  await shoot(page, testInfo, "oversight");
});

test("an admin, who may open explanations and cases, follows a pending approval to both", async ({ page }) => {
  await new SignInPage(page).signIn(people().admin);
  const oversight = new DashboardPage(page, "/oversight", "Oversight");
  await oversight.goto(RANGE);
  const pending = page.getByRole("table", { name: "Oldest pending approvals" });
  await expect(pending.getByRole("link", { name: "case_10" })).toHaveAttribute("href", "/cases/case_10?workspace=default");
  await pending.getByRole("row").nth(1).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/actions\/[0-9a-f-]{36}\?workspace=default$/);
  await expect(page.getByText("You are not allowed")).toHaveCount(0);
});

test("a person without the CX role is refused the dashboards and their API", async ({ page }) => {
  await new SignInPage(page).signIn(people().agent);
  const response = await page.goto("/overview");
  expect(response?.status()).toBe(403);
  expect((await page.request.get("/api/v1/metrics")).status()).toBe(403);
});
