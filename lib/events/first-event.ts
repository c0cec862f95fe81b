// The "send your first event" snippet on an empty dashboard. It must work when pasted: it posts to
// the address the reader is using, generates a fresh UUID for the id (a placeholder is rejected, and
// a fixed one would be a duplicate the second time), and stamps the current time, so the event falls
// inside the dashboards' default 30 days. The heredoc keeps the JSON's quotes as they are while the
// shell fills in $(…). `uuidgen` is on macOS and most Linux; /proc is the Linux fallback.

/** The body: a valid `case.opened` event (docs/events.md) once the shell has filled in the id and time. */
const FIRST_EVENT_BODY = `{"id":"$(uuidgen 2>/dev/null || cat /proc/sys/kernel/random/uuid)","type":"case.opened",
 "occurredAt":"$(date -u +%Y-%m-%dT%H:%M:%SZ)","caseId":"case_1","journey":"order_status",
 "channel":"chat","actor":{"type":"customer","id":"cus_1"},"contact":1}`;

/** A shell command that sends FIRST_EVENT_BODY to `origin` with the key in $WARRANT_KEY. */
export function firstEventSnippet(origin: string): string {
  return `curl -X POST ${origin}/api/v1/events \\
  -H "Authorization: Bearer $WARRANT_KEY" -H "Content-Type: application/json" --data-binary @- <<EOF
${FIRST_EVENT_BODY}
EOF`;
}

/**
 * The app's address as the reader sees it: the configured public URL (NEXTAUTH_URL) when there is
 * one, else the request's host and protocol as the server or a proxy forwarded them.
 */
export function publicOrigin(configured: string | undefined, headers: Pick<Headers, "get">): string {
  if (configured) return new URL(configured).origin;
  const first = (name: string) => headers.get(name)?.split(",")[0]?.trim() || undefined;
  const host = first("x-forwarded-host") ?? first("host") ?? "localhost:3000";
  const proto = first("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${host}`;
}
