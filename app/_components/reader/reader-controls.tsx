"use client";

import { useState } from "react";
import { preferenceCookie, stepTextSize, TEXT_SIZE_COOKIE, THEME_COOKIE, type TextSize } from "@/lib/reader-preferences";

/** The controls' labels, in the reader's language. */
export type ReaderControlLabels = {
  settings: string;
  textSize: string;
  smaller: string;
  larger: string;
  /** The size shown between the buttons, with `{percent}` where the number goes. */
  sizePattern: string;
  darkTheme: string;
  print: string;
};

/** Text size and theme controls; the choice is kept in cookies, so the server renders it next time without a flash. */
export function ReaderControls({ labels, initialSize, initialTheme }: { labels: ReaderControlLabels; initialSize: TextSize; initialTheme: "light" | "dark" }) {
  const [size, setSize] = useState(initialSize);
  const [dark, setDark] = useState(initialTheme === "dark");

  const resize = (direction: 1 | -1) => {
    const next = stepTextSize(size, direction);
    setSize(next);
    document.cookie = preferenceCookie(TEXT_SIZE_COOKIE, String(next));
    document.querySelectorAll<HTMLElement>("[data-reader]").forEach((reader) => reader.style.setProperty("--reader-scale", String(next / 100)));
  };
  const toggleTheme = () => {
    const next = !dark;
    setDark(next);
    document.cookie = preferenceCookie(THEME_COOKIE, next ? "dark" : "light");
    if (next) document.documentElement.dataset.theme = "dark";
    else delete document.documentElement.dataset.theme;
  };

  return (
    <div className="reader-controls" role="group" aria-label={labels.settings}>
      <div className="reader-size" role="group" aria-label={labels.textSize}>
        <button type="button" className="reader-button" onClick={() => resize(-1)} disabled={size === stepTextSize(size, -1)} aria-label={labels.smaller}>
          <span aria-hidden="true">A−</span>
        </button>
        <output className="reader-size-value" aria-live="polite">
          {labels.sizePattern.replace("{percent}", String(size))}
        </output>
        <button type="button" className="reader-button reader-button-large" onClick={() => resize(1)} disabled={size === stepTextSize(size, 1)} aria-label={labels.larger}>
          <span aria-hidden="true">A+</span>
        </button>
      </div>
      <button type="button" className="reader-button" aria-pressed={dark} onClick={toggleTheme}>
        <span aria-hidden="true" className="reader-theme-icon">
          ◐
        </span>{" "}
        <span className="reader-button-label">{labels.darkTheme}</span>
      </button>
      <button type="button" className="reader-button" onClick={() => window.print()}>
        <svg className="reader-print-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path d="M7 9V3.5h10V9M7 17H4.5v-6.5a1.5 1.5 0 0 1 1.5-1.5h12a1.5 1.5 0 0 1 1.5 1.5V17H17" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
          <path d="M7 14h10v6.5H7z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
        </svg>
        <span className="reader-button-label">{labels.print}</span>
      </button>
    </div>
  );
}
