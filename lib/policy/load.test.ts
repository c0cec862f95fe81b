import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { temporaryDirectories } from "@/tests/helpers/temp-dirs";
import { formatIssue, loadPolicyFile, parsePolicy, validatePolicy } from "./load";

const good = `# Who may do what, for the support AI
id: decision-authority
title: Retail CX decision authority
rules:
  - pattern: "*"
    maxAutonomy: approve
  - pattern: refund.*
    maxAutonomy: autonomous
    when:
      amount: { max: 50, currency: EUR }
      confidence: { min: 0.8 }
    clause: { id: refund-policy, version: 3, clause: "§2" }
`;

describe("policy files", () => {
  const dirs = temporaryDirectories("warrant-policy-");
  afterEach(dirs.removeAll);

  it("reads a valid YAML policy and the same policy as JSON", async () => {
    const yaml = parsePolicy(good);
    expect(yaml.ok).toBe(true);
    if (!yaml.ok) return;
    expect(yaml.policy.rules[1]).toMatchObject({ pattern: "refund.*", when: { amount: { max: 50, currency: "EUR" } } });
    const file = path.join(dirs.make(), "policy.json");
    await writeFile(file, JSON.stringify(yaml.policy, null, 2));
    expect(await loadPolicyFile(file)).toEqual({ ok: true, policy: yaml.policy });
  });

  it("points at the line and column of each invalid value, with its path", () => {
    const bad = good.replace("maxAutonomy: autonomous", "maxAutonomy: full").replace("min: 0.8", "min: 1.5");
    const result = parsePolicy(bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      { path: "rules[1].maxAutonomy", message: 'expected one of: assist, approve, supervised, autonomous (got "full")', line: 8, column: 18 },
      { path: "rules[1].when.confidence.min", message: "must be at most 1 (got 1.5)", line: 11, column: 26 },
    ]);
    expect(formatIssue(result.issues[0], "policy.yaml")).toBe(
      'policy.yaml:8:18: rules[1].maxAutonomy: expected one of: assist, approve, supervised, autonomous (got "full")',
    );
  });

  it("reports unknown fields at their key, missing fields at their object, and bad patterns", () => {
    const result = parsePolicy(
      ["id: p", "rules:", "  - pattern: Refund.*", "    maxAutonomy: assist", "    maxAmount: 20", "  - pattern: order.cancel"].join("\n"),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      { path: "rules[0].pattern", message: 'must be *, an action name like order.cancel, or a prefix ending in .* like refund.* (got "Refund.*")', line: 3, column: 14 },
      { path: "rules[0].maxAmount", message: 'unknown field "maxAmount"', line: 5, column: 5 },
      { path: "rules[1].maxAutonomy", message: "required (one of: assist, approve, supervised, autonomous)", line: 6, column: 5 },
    ]);
  });

  it("reports YAML and JSON syntax errors with their position", () => {
    const yaml = parsePolicy("id: p\nrules:\n  - pattern: a\n   maxAutonomy: assist\n");
    expect(yaml.ok).toBe(false);
    if (!yaml.ok) expect(yaml.issues[0]).toMatchObject({ path: "", message: expect.stringMatching(/^not valid YAML: /), line: 4 });
    const duplicate = parsePolicy("id: p\nid: q\nrules: []\n");
    if (!duplicate.ok) expect(duplicate.issues[0]).toMatchObject({ message: "not valid YAML: Map keys must be unique", line: 2, column: 1 });
    const json = parsePolicy('{\n  "id": "p",\n  "rules": [],\n}\n', "json");
    expect(json.ok).toBe(false);
    if (!json.ok) expect(json.issues[0]).toMatchObject({ path: "", message: expect.stringMatching(/^not valid JSON: /), line: 4, column: 1 });
  });

  it("validates a parsed body without positions", () => {
    expect(validatePolicy({ id: "p", rules: [{ pattern: "*", maxAutonomy: "approve", when: { amount: { max: -1, currency: "eur" } } }] })).toEqual({
      ok: false,
      issues: [
        { path: "rules[0].when.amount.max", message: "must be at least 0 (got -1)" },
        { path: "rules[0].when.amount.currency", message: 'must be an ISO 4217 code of three upper-case letters, e.g. EUR (got "eur")' },
      ],
    });
    expect(validatePolicy({ rules: [] })).toEqual({ ok: false, issues: [{ path: "id", message: "required" }] });
  });
});
