// Action patterns and their precedence. `*` matches every action, `refund.*` every action whose name
// starts with `refund.`, `refund.issue` only itself. The most specific matching pattern governs:
// an exact name beats any prefix, a longer prefix beats a shorter one, and `*` comes last.

export function matches(pattern: string, action: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return action.startsWith(pattern.slice(0, -1));
  return pattern === action;
}

/** Larger is more specific. Exact names share the top rank: only one can match a given action. */
export function specificity(pattern: string): number {
  if (pattern === "*") return 0;
  // Fixed segments of a prefix: refund.* → 1, refund.partial.* → 2.
  if (pattern.endsWith(".*")) return pattern.split(".").length - 1;
  return Number.MAX_SAFE_INTEGER;
}
