import { expect, type Download, type Page } from "@playwright/test";

/** /compliance: verification, exports, the report, checkpoints and the access log of one workspace. */
export class CompliancePage {
  constructor(readonly page: Page) {}

  async goto(workspace: string) {
    await this.page.goto(`/compliance?workspace=${encodeURIComponent(workspace)}`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Compliance" })).toBeVisible();
  }

  get verification() {
    return this.page.getByRole("region", { name: "Verification" });
  }
  get exports() {
    return this.page.getByRole("region", { name: "Exports" });
  }
  get checkpoints() {
    return this.page.getByRole("region", { name: "Signed checkpoints" });
  }
  get accessLog() {
    return this.page.getByRole("region", { name: "Access log" });
  }

  /** Clicks "Verify now" and waits for the verdict, then for the page's "last verification" to show it. */
  async verifyNow(): Promise<string> {
    await this.verification.getByRole("button", { name: "Verify now" }).click();
    const verdict = this.verification.getByRole("status").filter({ hasText: /^Verified: |^Verification failed/ });
    await expect(verdict).toBeVisible({ timeout: 30_000 });
    return (await verdict.textContent()) ?? "";
  }

  /** Exports one month (YYYY-MM) in a format and returns the browser's download. */
  async exportMonth(month: string, format: "Verifiable bundle" | "CSV" | "JSON lines"): Promise<Download> {
    await this.exports.getByRole("radio", { name: new RegExp(`^${format}`) }).check();
    await this.exports.getByLabel("Month").fill(month);
    const download = this.page.waitForEvent("download");
    await this.exports.getByRole("button", { name: "Export", exact: true }).click();
    await expect(this.exports.getByRole("status")).toContainText(/Exported [\d,]+ events/, { timeout: 60_000 });
    return download;
  }

  /** Downloads one month (YYYY-MM) in a format with "Download directly": the browser's own download of the GET. */
  async downloadMonthDirectly(month: string, format: "Verifiable bundle" | "CSV" | "JSON lines"): Promise<Download> {
    await this.exports.getByRole("radio", { name: new RegExp(`^${format}`) }).check();
    await this.exports.getByLabel("Month").fill(month);
    const download = this.page.waitForEvent("download");
    await this.exports.getByRole("button", { name: "Download directly" }).click();
    return download;
  }
}
