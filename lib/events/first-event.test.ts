// The empty dashboard's snippet is run through a real shell (with `curl` replaced by a function that
// prints what it would send) and the body it sends is read and validated as the ingest route does.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readEventsBody } from "@/lib/ingest/parse";
import { firstEventSnippet, publicOrigin } from "./first-event";
import { validateEvents } from "./validate";

/** Runs the snippet in bash after `prelude`; returns curl's arguments and the body it read from standard input. */
function runSnippet(origin: string, prelude = "") {
  const fakeCurl = `curl() { printf '%s\\n' "$@"; printf -- '--body--\\n'; cat; }`;
  const output = execFileSync("bash", ["--norc", "--noprofile", "-c", `${fakeCurl}\n${prelude}\n${firstEventSnippet(origin)}`], {
    encoding: "utf8",
    env: { ...process.env, WARRANT_KEY: "wrt_test" },
  });
  const [args, body] = output.split("--body--\n");
  return { args: args.trimEnd().split("\n"), body };
}

async function serverReads(args: string[], body: string) {
  const headers = new Headers();
  args.forEach((arg, i) => {
    if (args[i - 1] !== "-H") return;
    const colon = arg.indexOf(":");
    headers.set(arg.slice(0, colon), arg.slice(colon + 1).trim());
  });
  const events = await readEventsBody(headers, async () => new TextEncoder().encode(body));
  return { headers, validation: validateEvents(events) };
}

describe("the first-event snippet on an empty dashboard", () => {
  it.each([
    ["this shell's uuidgen or /proc", ""],
    ["no uuidgen (the /proc fallback)", "uuidgen() { return 127; }"],
    ["macOS uuidgen, in capitals", "uuidgen() { echo 6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B; }"],
  ])("sends a valid event, with a fresh UUID and the current time, when pasted (%s)", async (_name, prelude) => {
    if (!prelude && process.platform !== "linux") return; // the /proc fallback is Linux's
    const { args, body } = runSnippet("https://warrant.example.com", prelude);
    expect(args).toContain("https://warrant.example.com/api/v1/events");
    const { headers, validation } = await serverReads(args, body);
    expect(headers.get("authorization")).toBe("Bearer wrt_test");
    expect(validation.ok ? [] : validation.issues).toEqual([]);
    if (!validation.ok) return;
    const [event] = validation.events;
    expect(event.type).toBe("case.opened");
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    // Now, so it shows in the dashboards' default window of the last 30 days.
    expect(Math.abs(Date.parse(event.occurredAt) - Date.now())).toBeLessThan(60_000);
  });

  it("is the README's 'Send your first event' too, so the tested snippet is the documented one", () => {
    expect(readFileSync("README.md", "utf8")).toContain(firstEventSnippet("http://localhost:3000"));
  });

  it("gives each paste its own event id", () => {
    const ids = [runSnippet("http://localhost:3000"), runSnippet("http://localhost:3000")].map(({ body }) => JSON.parse(body).id);
    expect(ids[0]).not.toBe(ids[1]);
  });
});

describe("the address the snippet posts to", () => {
  const from = (entries: Record<string, string>) => new Headers(entries);

  it("is the configured public URL when there is one", () => {
    expect(publicOrigin("https://warrant.example.com/", from({ host: "10.0.0.5:3000" }))).toBe("https://warrant.example.com");
  });

  it("is otherwise the host and protocol the request came with, a proxy's forwarded ones first", () => {
    expect(publicOrigin(undefined, from({ host: "192.168.1.20:8080" }))).toBe("http://192.168.1.20:8080");
    expect(publicOrigin(undefined, from({ host: "10.0.0.5:3000", "x-forwarded-host": "warrant.corp.example", "x-forwarded-proto": "https" }))).toBe(
      "https://warrant.corp.example",
    );
    expect(publicOrigin(undefined, from({ host: "a.example", "x-forwarded-proto": "https,http" }))).toBe("https://a.example");
  });
});
