import type { FormState } from "@/lib/form-state";

/** The outcome of a form, announced to screen readers: errors as alerts, successes politely. */
export function FormStatus({ state, className = "" }: { state: FormState; className?: string }) {
  if (state.status === "idle") return <p role="status" className="sr-only" />;
  if (state.status === "error") {
    return (
      <p role="alert" className={`rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-danger ${className}`}>
        {state.message}
      </p>
    );
  }
  return (
    <p role="status" className={`rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-ok ${className}`}>
      {state.message}
    </p>
  );
}
