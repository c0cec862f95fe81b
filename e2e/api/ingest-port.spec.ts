import { expect, test } from "@playwright/test";
import { aiAction, auth, ingestUrl, isStored } from "../fixtures";

// What only the ingest listener (lib/ingest/listener.ts) does; the contract itself is tested on both
// ports by ingest.spec.ts and otlp.spec.ts (the `ingest-port` project).
test.describe("the ingest port", () => {
  test("serves OTLP's default path, so an exporter needs only the base URL", async ({ request }) => {
    const response = await request.post(ingestUrl("/v1/traces"), { headers: { ...auth(), "content-type": "application/json" }, data: { resourceSpans: [] } });
    expect(response.status()).toBe(200);
    expect((await response.json()).error).toBeUndefined();
  });

  test("answers health checks", async ({ request }) => {
    const response = await request.get(ingestUrl("/api/v1/health"));
    expect(response.status()).toBe(200);
    expect((await response.json()).database.ok).toBe(true);
  });

  test("refuses other paths (404) and other methods (405) with the one error shape, storing nothing", async ({ request }) => {
    const event = aiAction();
    const elsewhere = await request.post(ingestUrl("/api/v1/cases"), { headers: { ...auth(), "content-type": "application/json" }, data: event });
    expect(elsewhere.status()).toBe(404);
    expect((await elsewhere.json()).error).toMatchObject({ code: "not_found", message: expect.stringContaining("/api/v1/events") });
    const wrongMethod = await request.put(ingestUrl("/api/v1/events"), { headers: { ...auth(), "content-type": "application/json" }, data: event });
    expect(wrongMethod.status()).toBe(405);
    expect(wrongMethod.headers()["allow"]).toBe("POST");
    expect(await isStored(request, event.id)).toBe(false);
  });

  test("sends the API headers Next.js would, and the request id", async ({ request }) => {
    const response = await request.post(ingestUrl("/api/v1/events"), { headers: { ...auth(), "content-type": "application/json", "x-request-id": "trace-me-42" }, data: aiAction() });
    expect(response.status()).toBe(200);
    expect(response.headers()).toMatchObject({ "x-request-id": "trace-me-42", "x-content-type-options": "nosniff", "content-type": expect.stringContaining("application/json") });
  });
});
