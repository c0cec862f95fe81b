import type { Page } from "@playwright/test";

/** The dashboard frame: main navigation, who is signed in, sign-out. */
export class Shell {
  constructor(readonly page: Page) {}

  get nav() {
    return this.page.getByRole("navigation", { name: "Main" });
  }
  get signedIn() {
    return this.page.getByRole("region", { name: "Signed in" });
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
