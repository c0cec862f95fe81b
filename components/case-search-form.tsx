import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import type { WorkspaceChoice } from "@/lib/cases/workspace";
import { SearchShortcut } from "./search-shortcut";

export interface CaseSearchValues {
  query?: string;
  journey?: string;
  action?: string;
  actor?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

const any = (label: string) => ({ value: "", label });
const words = (value: string) => value.replaceAll("_", " ");

// A plain GET form: it works before any script loads, the URL is shareable, and Enter submits from any field.
export function CaseSearchForm({
  values,
  workspace,
  workspaces,
  journeys,
  actions,
  errors = {},
}: {
  values: CaseSearchValues;
  workspace: string;
  workspaces: WorkspaceChoice[];
  journeys: string[];
  actions: string[];
  errors?: Record<string, string>;
}) {
  return (
    <form role="search" aria-label="Cases" method="get" action="/cases" className="space-y-4 rounded-lg border border-line bg-white p-4">
      <SearchShortcut targetId="field-query" />
      <div className="flex items-end gap-3">
        <Field
          className="flex-1"
          label="Search cases"
          name="query"
          type="search"
          defaultValue={values.query}
          // An agent with a customer on the line pastes an id straight away.
          autoFocus
          autoComplete="off"
          placeholder="Case id, customer reference, order or tracking number, or words"
          hint="Press / to come back here. Words match rationales, reasons and the orders and evidence an event names (“lost parcel”, “10442”, “refund -voucher”, a “quoted phrase”)."
          error={errors.query}
        />
        <Button type="submit" className="mb-6">
          Search
        </Button>
      </div>
      <fieldset className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <legend className="sr-only">Filters</legend>
        <SelectField label="Journey" name="journey" defaultValue={values.journey ?? ""} options={[any("Any journey"), ...journeys.map((j) => ({ value: j, label: words(j) }))]} />
        <SelectField label="Action" name="action" defaultValue={values.action ?? ""} options={[any("Any action"), ...actions.map((a) => ({ value: a, label: a }))]} />
        <Field label="Actor" name="actor" defaultValue={values.actor} placeholder="e.g. agent_0193" error={errors.actor} />
        <SelectField
          label="Outcome"
          name="outcome"
          defaultValue={values.outcome ?? ""}
          options={[any("Any outcome"), { value: "resolved", label: "resolved" }, { value: "unresolved", label: "unresolved" }, { value: "abandoned", label: "abandoned" }, { value: "open", label: "open (no outcome yet)" }]}
          error={errors.outcome}
        />
        <Field label="Started from" name="from" type="date" defaultValue={values.from} error={errors.from} />
        <Field label="Started before" name="to" type="date" defaultValue={values.to} error={errors.to} />
      </fieldset>
      {workspaces.length > 1 ? (
        <SelectField
          className="max-w-xs"
          label="Workspace"
          name="workspace"
          defaultValue={workspace}
          options={workspaces.map((w) => ({ value: w.id, label: `${w.name} (${w.events.toLocaleString("en-GB")} events)` }))}
        />
      ) : (
        <input type="hidden" name="workspace" value={workspace} />
      )}
    </form>
  );
}
