import { describe, expect, it } from "vitest";
import { jsonAnswer, setAnswerHeader, toResponse } from "./answer";

describe("JSON answers", () => {
  it("become the Response that Response.json would have made: status, headers, body", async () => {
    const answer = jsonAnswer({ accepted: 1, note: "é ✓" }, { status: 503, headers: { "retry-after": "5" } });
    setAnswerHeader(answer, "x-request-id", "r-1");
    const made = toResponse(answer);
    const expected = Response.json({ accepted: 1, note: "é ✓" }, { status: 503, headers: { "retry-after": "5", "x-request-id": "r-1" } });
    expect(made.status).toBe(expected.status);
    expect([...made.headers]).toEqual([...expected.headers]);
    expect(await made.text()).toBe(await expected.text());
  });

  it("default to 200 and never share headers with the init they were made from", () => {
    const headers = { "retry-after": "1" };
    const answer = jsonAnswer({}, { headers });
    setAnswerHeader(answer, "x-request-id", "r-2");
    expect(answer.status).toBe(200);
    expect(headers).toEqual({ "retry-after": "1" });
  });

  it("leave a Response as it is, and report a header its immutable headers refuse", () => {
    const response = Response.redirect("http://localhost/elsewhere", 302);
    expect(toResponse(response)).toBe(response);
    expect(setAnswerHeader(response, "x-request-id", "r-3")).toBe(false);
    const ordinary = new Response("ok");
    expect(setAnswerHeader(ordinary, "x-request-id", "r-4")).toBe(true);
    expect(ordinary.headers.get("x-request-id")).toBe("r-4");
  });
});
