"use client";

import { createContext, useContext, useMemo } from "react";
import { distinctInitials, initialsOf, type Named } from "@/lib/people/initials";

const palette = ["#0f6b63", "#7c3aed", "#b45309", "#be123c", "#1d4ed8", "#4d7c0f", "#a21caf", "#0e7490"];

/** A colour that stays the same for one person everywhere in the app. */
export function personColour(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length]!;
}

const GroupInitials = createContext<Map<string, string> | null>(null);

/** Gives the avatars inside it initials that tell the group's members apart, not only their colours. */
export function GroupInitialsProvider({ people, children }: { people: readonly Named[]; children: React.ReactNode }) {
  const initials = useMemo(() => distinctInitials(people), [people]);
  return <GroupInitials.Provider value={initials}>{children}</GroupInitials.Provider>;
}

/** A person's initials as their group tells them apart. */
export function useInitials(id: string, name: string): string {
  return useContext(GroupInitials)?.get(id) ?? initialsOf(name);
}

/** Initials in a coloured circle; decorative, the name is always written beside it. */
export function Avatar({ name, id }: { name: string; id: string }) {
  const initials = useInitials(id, name);
  return (
    <span className="avatar" aria-hidden="true" style={{ background: personColour(id) }} data-long={initials.length > 2 ? "true" : undefined}>
      {initials}
    </span>
  );
}
