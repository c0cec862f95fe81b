"use client";

import { useActionState, useSyncExternalStore } from "react";
import { liftCapAction, lowerToAssistAction, publishPolicyAction } from "@/app/(dashboard)/settings/policies/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { useFieldErrors } from "@/components/ui/use-field-errors";
import { idle } from "@/lib/form-state";
import type { PolicyFormState } from "@/lib/policy/form-state";
import type { PolicyIssue } from "@/lib/policy/load";

const start = idle as PolicyFormState;

const noSubscription = () => () => {};

/**
 * False while the server's HTML is shown and during hydration, true after. React sets a textarea's
 * value back to its default when it hydrates it, so text typed before then is lost; the form says when
 * it is safe to edit (data-hydrated), which the e2e page object waits for.
 */
function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}

/** Publish a new version: the document as YAML or JSON, and why. Problems are listed with their line and column. */
export function PublishPolicyForm({ workspace, initial }: { workspace: string; initial: string }) {
  const [state, action, pending] = useActionState(publishPolicyAction, start);
  const hydrated = useHydrated();
  const { errors, onInput } = useFieldErrors(state);
  const values = state.status === "error" ? (state.values ?? {}) : {};
  const issues = state.status === "error" ? (state.issues ?? []) : [];
  const document = values.document ?? initial;
  return (
    <form onInput={onInput} action={action} aria-labelledby="publish-heading" data-hydrated={hydrated} className="space-y-4 rounded-lg border border-line bg-white p-5">
      <div>
        <h2 id="publish-heading" className="text-lg font-semibold">
          Publish a new version
        </h2>
        <p className="mt-1 text-sm text-muted">
          Edit the policy in force below, or paste a new one. It takes effect as soon as it is published; earlier versions stay in the history
          and still judge what happened while they were in force. Text that starts with <code className="font-mono">{"{"}</code> is read as
          JSON, anything else as YAML.
        </p>
      </div>
      <input type="hidden" name="workspace" value={workspace} />
      <div className="flex flex-col gap-1">
        <label htmlFor="policy-document" className="text-sm font-medium">
          Policy (YAML or JSON)
        </label>
        {/* Keyed by its text: React resets a form after its action, and only a remount shows new defaults. */}
        <textarea
          key={fingerprint(document)}
          id="policy-document"
          name="document"
          required
          rows={Math.min(Math.max(document.split("\n").length + 1, 12), 32)}
          spellCheck={false}
          defaultValue={document}
          aria-invalid={errors.document ? true : undefined}
          aria-describedby={issues.length > 0 ? "policy-issues" : errors.document ? "policy-document-error" : undefined}
          className={`rounded-md border px-3 py-2 font-mono text-xs leading-5 ${errors.document ? "border-danger" : "border-gray-300"}`}
        />
        {errors.document && issues.length === 0 && (
          <p id="policy-document-error" className="text-xs font-medium text-danger">
            {errors.document}
          </p>
        )}
        {issues.length > 0 && state.status === "error" && <IssueList message={state.message} issues={issues} />}
      </div>
      <Field
        id="publish-reason"
        label="Reason"
        name="reason"
        autoComplete="off"
        required
        hint="Why the policy changes; kept with the version and in the access log."
        defaultValue={values.reason}
        error={errors.reason}
      />
      <div className="flex items-center gap-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Publishing…" : "Publish"}
        </Button>
        {issues.length === 0 && <FormStatus state={state} className="flex-1" />}
      </div>
    </form>
  );
}

/** A short key for a text (FNV-1a), so a remount does not keep a whole document as its key. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}-${(hash >>> 0).toString(36)}`;
}

/** Every problem of a refused document, like a compiler: line:column, the field, what is wrong. */
function IssueList({ message, issues }: { message: string; issues: PolicyIssue[] }) {
  return (
    <div id="policy-issues" role="alert" className="space-y-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-danger">
      <p className="font-medium">{message}</p>
      <ul className="space-y-1">
        {issues.map((issue, i) => (
          <li key={i} className="font-mono text-xs">
            {issue.line !== undefined && <span className="font-semibold">{`${issue.line}:${issue.column}`}</span>}
            {issue.line !== undefined && " "}
            {issue.path && <span className="rounded bg-white px-1 text-ink">{issue.path}</span>}
            {issue.path && ": "}
            <span>{issue.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The kill switch: every action matching a pattern limited to assist, at once. */
export function LowerToAssistForm({ workspace }: { workspace: string }) {
  const [state, action, pending] = useActionState(lowerToAssistAction, start);
  const { errors, onInput } = useFieldErrors(state);
  const values = state.status === "error" ? (state.values ?? {}) : {};
  return (
    <form onInput={onInput} action={action} aria-labelledby="lower-heading" className="space-y-4 rounded-lg border border-red-200 bg-white p-5">
      <div>
        <h3 id="lower-heading" className="font-semibold">
          Lower to assist
        </h3>
        <p className="mt-1 text-sm text-muted">
          From now on the AI may only suggest these actions; a person carries them out. Appends a version with a cap, whatever the rules grant.
        </p>
      </div>
      <input type="hidden" name="workspace" value={workspace} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field
          id="cap-pattern"
          label="Actions"
          name="pattern"
          autoComplete="off"
          required
          placeholder="refund.*"
          hint={
            <>
              <code className="font-mono">refund.*</code>, an action name like <code className="font-mono">order.cancel</code>, or{" "}
              <code className="font-mono">*</code> for every action.
            </>
          }
          defaultValue={values.pattern}
          error={errors.pattern}
        />
        <Field id="cap-reason" label="Reason" name="reason" autoComplete="off" required defaultValue={values.reason} error={errors.reason} />
      </div>
      <div className="flex items-center gap-4">
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? "Lowering…" : "Lower to assist"}
        </Button>
        <FormStatus state={state} className="flex-1" />
      </div>
    </form>
  );
}

/** Lifts one cap, with the reason why. */
export function LiftCapForm({ workspace, pattern, index }: { workspace: string; pattern: string; index: number }) {
  const [state, action, pending] = useActionState(liftCapAction, start);
  const id = `lift-reason-${index}`;
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="workspace" value={workspace} />
      <input type="hidden" name="pattern" value={pattern} />
      <div className="flex items-center gap-2">
        <label htmlFor={id} className="sr-only">
          Why lift the cap on {pattern}
        </label>
        <input
          id={id}
          name="reason"
          required
          autoComplete="off"
          placeholder="Why lift it"
          className="w-40 rounded-md border border-gray-300 px-2 py-1 text-xs"
          defaultValue={state.status === "error" ? state.values?.reason : undefined}
        />
        <Button type="submit" variant="secondary" size="sm" disabled={pending} aria-label={`Lift the cap on ${pattern}`}>
          Lift
        </Button>
      </div>
      {state.status === "error" && (
        <span role="alert" className="block text-xs text-danger">
          {state.fieldErrors?.reason ?? state.message}
        </span>
      )}
    </form>
  );
}
