const palette = ["#0f6b63", "#7c3aed", "#b45309", "#be123c", "#1d4ed8", "#4d7c0f", "#a21caf", "#0e7490"];

/** A colour that stays the same for one person everywhere in the app. */
export function personColour(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length]!;
}

/** Initials in a coloured circle; decorative, the name is always written beside it. */
export function Avatar({ name, id }: { name: string; id: string }) {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]!.toUpperCase())
    .join("");
  return (
    <span className="avatar" aria-hidden="true" style={{ background: personColour(id) }}>
      {initials || "?"}
    </span>
  );
}
