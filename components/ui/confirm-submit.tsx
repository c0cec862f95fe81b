"use client";

import { useState } from "react";
import { Button } from "./button";

/**
 * A submit button for a change that cannot be undone (revoking a key, deactivating a person): the first
 * click asks, in the row itself, and only "Yes" submits the form it sits in. Keyboard focus moves to "Yes"
 * when it appears, so Enter, Enter confirms and Escape (or Cancel) steps back, focus returning to the button.
 */
export function ConfirmSubmit({ label, ariaLabel, question, confirmLabel, pending }: { label: string; ariaLabel: string; question: string; confirmLabel: string; pending: boolean }) {
  // null until first asked; false after stepping back, when focus returns to the button (it is mounted
  // afresh, and without autoFocus the keyboard would be left at the top of the page).
  const [asking, setAsking] = useState<boolean | null>(null);
  if (!asking) {
    return (
      <Button type="button" variant="danger" size="sm" disabled={pending} aria-label={ariaLabel} autoFocus={asking === false} onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <span role="group" aria-label={question} className="inline-flex flex-wrap items-center gap-2" onKeyDown={(event) => event.key === "Escape" && setAsking(false)}>
      <span className="text-xs text-ink">{question}</span>
      <Button type="submit" variant="danger" size="sm" disabled={pending} autoFocus>
        {confirmLabel}
      </Button>
      <Button type="button" variant="secondary" size="sm" onClick={() => setAsking(false)}>
        Cancel
      </Button>
    </span>
  );
}
