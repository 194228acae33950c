"use client";

import { createContext, useContext, useMemo } from "react";
import { personColour } from "@/lib/people/colour";
import { distinctInitials, initialsOf, type Named } from "@/lib/people/initials";

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
