// Reads a policy document from JSON or YAML text and validates it, with errors a person can fix:
// the field path, a plain message, and the line and column in the file where the parser knows them.
import { readFile } from "node:fs/promises";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { z } from "zod";
import { formatPath, humanErrorMap } from "@/lib/events/issues";
import { policyDocumentSchema, type PolicyDocument } from "./schema";

export interface PolicyIssue {
  /** Field path, e.g. `rules[2].when.amount.max`; empty for the document itself or a syntax error. */
  path: string;
  message: string;
  /** 1-based position in the source text, when known. */
  line?: number;
  column?: number;
}

export type PolicyParse = { ok: true; policy: PolicyDocument } | { ok: false; issues: PolicyIssue[] };

/** Thrown where a caller cannot return issues (appending a version); carries them for the API answer. */
export class PolicyValidationError extends Error {
  constructor(readonly issues: PolicyIssue[]) {
    super(`invalid policy: ${issues.map((issue) => formatIssue(issue)).join("; ")}`);
  }
}

export const formatIssue = (issue: PolicyIssue, file?: string) => {
  const where = [file, issue.line, issue.column].filter((part) => part !== undefined).join(":");
  return `${where ? `${where}: ` : ""}${issue.path ? `${issue.path}: ` : ""}${issue.message}`;
};

/** Validates an already parsed value (a JSON request body); issues carry no line numbers. */
export function validatePolicy(value: unknown): PolicyParse {
  const parsed = policyDocumentSchema.safeParse(value, { error: humanErrorMap });
  if (parsed.success) return { ok: true, policy: parsed.data };
  return { ok: false, issues: zodIssues(parsed.error).map(({ path, message }) => ({ path: formatPath(path), message })) };
}

/**
 * Parses and validates policy text. JSON is read strictly as JSON (so a trailing comma is an error);
 * both formats are then walked as YAML, a superset of JSON, to locate each issue in the text.
 */
export function parsePolicy(source: string, format: "json" | "yaml" = "yaml"): PolicyParse {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (format === "json") {
    try {
      JSON.parse(source);
    } catch (error) {
      const message = (error as Error).message;
      const at = /position (\d+)/.exec(message);
      const pos = at ? lines.linePos(Number(at[1])) : undefined;
      return { ok: false, issues: [{ path: "", message: `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/s, "")}`, line: pos?.line, column: pos?.col }] };
    }
  }
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.slice(0, 20).map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return {
          path: "",
          message: `not valid ${format === "json" ? "JSON" : "YAML"}: ${e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "")}`,
          line: pos.line,
          column: pos.col,
        };
      }),
    };
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = policyDocumentSchema.safeParse(value, { error: humanErrorMap });
  if (parsed.success) return { ok: true, policy: parsed.data };
  return {
    ok: false,
    issues: zodIssues(parsed.error).map(({ path, message, key }) => {
      const offset = locate(doc.contents as Node | null, path, key);
      const pos = offset === undefined ? undefined : lines.linePos(offset);
      return { path: formatPath(path), message, line: pos?.line, column: pos?.col };
    }),
  };
}

/** Reads a `.json`, `.yaml` or `.yml` file (anything else is read as YAML, which accepts JSON too). */
export async function loadPolicyFile(file: string): Promise<PolicyParse> {
  const source = await readFile(file, "utf8");
  return parsePolicy(source, file.toLowerCase().endsWith(".json") ? "json" : "yaml");
}

interface RawIssue {
  path: PropertyKey[];
  message: string;
  /** For an unknown field: point at its key rather than its value. */
  key: boolean;
}

function zodIssues(error: z.ZodError): RawIssue[] {
  const out: RawIssue[] = [];
  for (const issue of error.issues.slice(0, 50)) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ path: [...issue.path, key], message: `unknown field ${JSON.stringify(key)}`, key: true });
    } else out.push({ path: [...issue.path], message: issue.message, key: false });
  }
  return out;
}

/**
 * The source offset of the node at `path`, or of the deepest ancestor that exists (a missing
 * required field is reported where its object starts).
 */
function locate(root: Node | null, path: PropertyKey[], key: boolean): number | undefined {
  let node: Node | null = root;
  let offset = node?.range?.[0];
  for (let i = 0; i < path.length && node; i++) {
    const segment = path[i];
    let next: Node | null = null;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair) {
        const last = i === path.length - 1;
        next = (last && key) || !pair.value ? (pair.key as Node) : (pair.value as Node);
      }
    } else if (isSeq(node) && typeof segment === "number") {
      next = (node.items[segment] as Node | undefined) ?? null;
    }
    if (!next) break;
    node = next;
    offset = node.range?.[0] ?? offset;
  }
  return offset;
}
