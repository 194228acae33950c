"use client";

/** Opens the browser's print dialog. */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="button button-small" onClick={() => window.print()}>
      {label}
    </button>
  );
}
