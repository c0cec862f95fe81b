"use client";

import { usePathname } from "next/navigation";
import { useRef, useState } from "react";

const PANEL_ID = "app-menu";

/**
 * The shell's frame for the product name and the navigation. From `md` up it is the sidebar as it always
 * was; below, a top bar whose Menu button discloses the same navigation. The navigation is rendered once
 * and only hidden (display: none) while closed, so there is never a second "Main" landmark.
 */
export function AppMenu({ brand, children }: { brand: React.ReactNode; children: React.ReactNode }) {
  const pathname = usePathname();
  // Open for the page it was opened on: following a link closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const button = useRef<HTMLButtonElement>(null);

  function onKeyDown(event: React.KeyboardEvent) {
    if (event.key !== "Escape" || !open) return;
    setOpenOn(null);
    button.current?.focus();
  }

  return (
    <div className="flex flex-1 flex-col" onKeyDown={onKeyDown}>
      <div className="flex items-center justify-between gap-3 md:mb-6">
        {brand}
        <button
          ref={button}
          type="button"
          aria-expanded={open}
          aria-controls={PANEL_ID}
          onClick={() => setOpenOn(open ? null : pathname)}
          className="inline-flex items-center gap-2 rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-gray-50 md:hidden"
        >
          <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
            {open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 5h14M3 10h14M3 15h14" />}
          </svg>
          Menu
        </button>
      </div>
      <div id={PANEL_ID} className={`${open ? "flex" : "hidden"} flex-1 flex-col pb-2 pt-4 md:flex md:p-0`}>
        {children}
      </div>
    </div>
  );
}
