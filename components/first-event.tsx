import { headers } from "next/headers";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { firstEventSnippet, publicOrigin } from "@/lib/events/first-event";
import { runtime } from "@/lib/runtime";

const code = "rounded bg-gray-100 px-1 font-mono";

/** Before a workspace (or any workspace) has an event: how to send the first one, in a snippet that works when pasted. */
export async function FirstEvent({ workspace }: { workspace?: string }) {
  const rt = await runtime();
  const origin = publicOrigin(rt.env.NEXTAUTH_URL, await headers());
  // The CLI opens the database itself: with the embedded one it refuses while the app holds it.
  const server = rt.handle.kind === "postgres";
  return (
    <EmptyState title={workspace ? `No events in workspace ${workspace} yet` : "No AI actions recorded yet"}>
      <p>
        These pages fill in as your AI agent reports what it does. An admin creates an API key with the <code className={code}>ingest</code>{" "}
        scope{workspace ? ` for ${workspace}` : ""} in{" "}
        <Link href="/settings/api-keys" className="text-brand underline">
          Settings → API keys
        </Link>{" "}
        (it is shown once); put it in <code className={code}>WARRANT_KEY</code>, then send a first event:
      </p>
      <pre className="overflow-x-auto rounded bg-gray-900 p-4 font-mono text-xs text-gray-100">{firstEventSnippet(origin)}</pre>
      {server && (
        <p>
          With this server database the CLI makes a key too:{" "}
          <code className={code}>npx warrant apikey create --workspace {workspace ?? "default"} --scopes ingest,read</code> (it prints the key on its
          last line).
        </p>
      )}
      <p>
        Or look around with generated data first: <code className={code}>npx warrant seed</code> fills a demo workspace with 90 days of cases
        {server ? "" : " (stop the app first: the embedded database has one owner at a time)"}. The event contract is at{" "}
        <a className="text-brand underline" href="/api/v1/openapi.json">
          /api/v1/openapi.json
        </a>{" "}
        and in <code className={code}>docs/events.md</code>; what each KPI means is in <code className={code}>docs/metrics.md</code>.
      </p>
    </EmptyState>
  );
}
