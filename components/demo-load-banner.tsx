import { demoLoadStatus } from "@/lib/demo/first-start";

// While the first-start demo loads in the background, every page says so: charts that fill in
// as it loads would otherwise look broken. Server-rendered; a refresh shows the new figure.
export function DemoLoadBanner() {
  const status = demoLoadStatus();
  if (!status || status.state === "done") return null;
  const percent = Math.floor((100 * status.appended) / status.total);
  if (status.state === "failed") {
    return (
      <div role="alert" className="mb-6 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
        Loading the demo workspace stopped: {status.error}. Load it with <code>npx warrant seed</code> while the app is stopped.
      </div>
    );
  }
  return (
    <div role="status" className="mb-6 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950">
      <p>
        <strong>Loading the demo workspace</strong> ({status.name}, invented data): {status.appended.toLocaleString("en-GB")} of{" "}
        {status.total.toLocaleString("en-GB")} events. Pages fill in as it loads, oldest days first; refresh to see more.
      </p>
      <progress className="mt-2 h-2 w-full accent-amber-600" max={status.total} value={status.appended} aria-label={`Demo data loaded: ${percent}%`} />
    </div>
  );
}
