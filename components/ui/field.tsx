import type { ComponentProps, ReactNode } from "react";

/** A labelled input with its hint and error wired to it for screen readers (aria-describedby, aria-invalid). */
export function Field({
  label,
  name,
  hint,
  error,
  className = "",
  ...input
}: ComponentProps<"input"> & { label: ReactNode; name: string; hint?: ReactNode; error?: string }) {
  const id = input.id ?? `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`flex min-w-0 flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`rounded-md border px-3 py-2 text-sm ${error ? "border-danger" : "border-gray-300"}`}
        {...input}
      />
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-xs font-medium text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled select, same wiring as Field. */
export function SelectField({
  label,
  name,
  error,
  options,
  defaultValue,
  className = "",
}: {
  label: ReactNode;
  name: string;
  error?: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  className?: string;
}) {
  const id = `field-${name}`;
  return (
    <div className={`flex min-w-0 flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={`rounded-md border bg-white px-3 py-2 text-sm ${error ? "border-danger" : "border-gray-300"}`}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} className="text-xs font-medium text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
