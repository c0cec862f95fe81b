import { expect, test } from "@playwright/test";
import { people } from "../people";
import { SignInPage } from "./pages/sign-in-page";

test("the home page renders the shell and the ledger status", async ({ page }, testInfo) => {
  await new SignInPage(page).signIn(people().admin);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Warrant" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Home/ })).toHaveAttribute("aria-current", "page");
  const shot = await page.screenshot({ fullPage: true });
  await testInfo.attach("home", { body: shot, contentType: "image/png" });
});
