import { describe, expect, it } from "vitest";
import { pickExistingWorkspace, pickWorkspace, type WorkspaceChoice } from "./workspace";

const ws = (...ids: string[]) => ids.map((id) => ({ id }));
const events = (...pairs: [string, number][]): WorkspaceChoice[] => pairs.map(([id, n]) => ({ id, name: id, events: n }));

describe("which workspace a page shows", () => {
  it("without ?workspace=, shows default when it has events, else the busiest", () => {
    expect(pickWorkspace(events(["demo", 900], ["default", 3]), undefined)).toBe("default");
    expect(pickWorkspace(events(["demo", 900], ["acme", 3]), undefined)).toBe("demo");
  });

  it("on a page that needs an existing workspace, a plain visit picks the same one and warns about nothing", () => {
    // The first-start database: only the demo workspace, no "default" — the visit asked for nothing.
    expect(pickExistingWorkspace(ws("demo"), events(["demo", 50_000]), undefined)).toEqual({ id: "demo" });
    expect(pickExistingWorkspace(ws("acme", "demo"), events(["demo", 50_000]), undefined)).toEqual({ id: "demo" });
    expect(pickExistingWorkspace(ws("demo", "default"), events(["demo", 9], ["default", 2]), undefined)).toEqual({ id: "default" });
    expect(pickExistingWorkspace(ws("acme", "default"), [], undefined)).toEqual({ id: "default" });
    expect(pickExistingWorkspace(ws("acme", "shop"), [], undefined)).toEqual({ id: "acme" });
    expect(pickExistingWorkspace(ws("demo"), [], "")).toEqual({ id: "demo" });
  });

  it("shows the workspace the URL asks for when it exists, and names it as missing when it does not", () => {
    expect(pickExistingWorkspace(ws("acme", "demo"), events(["demo", 50_000]), "acme")).toEqual({ id: "acme" });
    expect(pickExistingWorkspace(ws("demo"), events(["demo", 50_000]), "default")).toEqual({ id: "demo", missing: "default" });
    expect(pickExistingWorkspace(ws("demo"), events(["demo", 5], ["gone", 7]), "gone")).toEqual({ id: "demo", missing: "gone" });
  });
});
