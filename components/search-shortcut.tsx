"use client";

import { useEffect } from "react";

/** "/" focuses the element with this id (as on GitHub or Gmail), unless the person is typing somewhere. */
export function SearchShortcut({ targetId }: { targetId: string }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.metaKey || event.ctrlKey || event.altKey) return;
      const active = document.activeElement as HTMLElement | null;
      if (active && (active.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(active.tagName))) return;
      const target = document.getElementById(targetId) as HTMLInputElement | null;
      if (!target) return;
      event.preventDefault();
      target.focus();
      target.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [targetId]);
  return null;
}
