import { expect, type Page } from "@playwright/test";

/** The dashboard frame: main navigation, who is signed in, sign-out; below md, the Menu button that discloses them. */
export class Shell {
  constructor(readonly page: Page) {}

  get nav() {
    return this.page.getByRole("navigation", { name: "Main" });
  }
  get signedIn() {
    return this.page.getByRole("region", { name: "Signed in" });
  }

  get menuButton() {
    return this.page.getByRole("button", { name: "Menu" });
  }

  /** Below md the navigation is behind the Menu button: opens it and waits for the navigation. */
  async openMenu() {
    await this.menuButton.click();
    await expect(this.menuButton).toHaveAttribute("aria-expanded", "true");
    await expect(this.nav).toBeVisible();
  }

  /** How far the page is wider than the viewport, in CSS pixels (0: no sideways scrolling). */
  async horizontalOverflow(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }

  async signOut() {
    await this.signedIn.getByRole("button", { name: "Sign out" }).click();
    await this.page.waitForURL("**/sign-in");
  }
}

/**
 * Collects Content-Security-Policy violations: the browser's console reports and the
 * securitypolicyviolation events the page fires. Call before the first navigation.
 */
export async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const reported: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(message.text())) reported.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...reported, ...(await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []))];
}
