import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { parseQueryString, scopeWorkspace } from "./http";
import { makeSeriesQuerySchema } from "./series";
import { makeMetricsQuerySchema } from "./types";

const NOW = new Date("2025-04-01T12:00:00Z");
const metrics = makeMetricsQuerySchema(() => NOW);
const series = makeSeriesQuerySchema(() => NOW);

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (ApiError.is(error)) return { status: error.status, code: error.code, issues: error.issues };
    throw error;
  }
  throw new Error("expected an ApiError");
}

describe("metrics query strings", () => {
  it("resolves defaults: the 30 days up to now, window 7, no filters", () => {
    expect(parseQueryString(metrics, new URLSearchParams())).toEqual({
      from: "2025-03-02T12:00:00Z",
      to: "2025-04-01T12:00:00Z",
      filters: {},
      cameBackWindowDays: 7,
    });
  });

  it("treats an empty value as absent, as a blank form field sends it", () => {
    const q = parseQueryString(metrics, new URLSearchParams("from=2025-03-01&to=2025-03-08&journey=&channel=chat"));
    expect(q).toMatchObject({ from: "2025-03-01T00:00:00Z", to: "2025-03-08T00:00:00Z", filters: { channel: "chat" } });
  });

  it.each([
    ["from=yesterday", "from", /ISO-8601/],
    ["to=2025-02-30", "to", /ISO-8601/],
    ["from=2025-03-08&to=2025-03-01", "from", /must be before to/],
    ["channel=fax", "channel", /chat/],
    ["cameBackWindowDays=0", "cameBackWindowDays", />=1|at least|too small/i],
    ["workspace=Not%20A%20Workspace", "workspace", /lower-case/],
    ["foo=1", "foo", /unknown parameter "foo"/],
    ["journey=a&journey=b", "journey", /at most once/],
  ])("answers 400 invalid_query for %s, naming %s", (qs, path, message) => {
    const answer = issuesOf(() => parseQueryString(metrics, new URLSearchParams(qs)));
    expect(answer).toMatchObject({ status: 400, code: "invalid_query" });
    expect(answer.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]));
  });
});

describe("series query strings", () => {
  it("needs a known kpi and defaults to daily buckets", () => {
    expect(parseQueryString(series, new URLSearchParams("kpi=containment&from=2025-03-01&to=2025-03-08"))).toMatchObject({ kpi: "containment", interval: "day" });
    expect(issuesOf(() => parseQueryString(series, new URLSearchParams("from=2025-03-01"))).issues).toEqual([expect.objectContaining({ path: "kpi" })]);
    expect(issuesOf(() => parseQueryString(series, new URLSearchParams("kpi=happiness"))).issues).toEqual([expect.objectContaining({ path: "kpi" })]);
  });

  it("refuses more than 400 points, and says how to ask instead", () => {
    const answer = issuesOf(() => parseQueryString(series, new URLSearchParams("kpi=fcr&from=2023-01-01&to=2025-01-01")));
    expect(answer.issues).toEqual([{ path: "interval", message: expect.stringMatching(/731 points over 731 days.*interval=week/) }]);
    expect(parseQueryString(series, new URLSearchParams("kpi=fcr&from=2023-01-01&to=2025-01-01&interval=week"))).toMatchObject({ interval: "week" });
  });

  it("reports the range's own problems with their parameter", () => {
    const answer = issuesOf(() => parseQueryString(series, new URLSearchParams("kpi=fcr&from=2025-03-08&to=2025-03-01")));
    expect(answer.issues).toEqual([expect.objectContaining({ path: "from", message: expect.stringMatching(/before to/) })]);
  });
});

describe("workspace scope", () => {
  const key = { kind: "apiKey" as const, keyId: "k", workspaceId: "acme", scopes: ["read" as const] };
  const person = { kind: "user" as const, id: "u", email: "u@example.com", name: "U", role: "cx_leader" as const };

  it("pins an API key to its workspace and refuses another with 403", () => {
    expect(scopeWorkspace(key, undefined)).toBe("acme");
    expect(scopeWorkspace(key, "acme")).toBe("acme");
    expect(issuesOf(() => scopeWorkspace(key, "globex"))).toMatchObject({ status: 403, code: "forbidden" });
  });

  it("lets a person read any workspace, or all", () => {
    expect(scopeWorkspace(person, "globex")).toBe("globex");
    expect(scopeWorkspace(person, undefined)).toBeUndefined();
  });
});
