"use client";

import { useTranslations } from "next-intl";
import { Avatar, personColour, useInitials } from "@/app/_components/avatar";
import { GuestBadge } from "@/app/_components/guest-badge";
import { usePresentPeople, useReadersAt, useTypingMembers, type PresenceStore, type ReaderPlacement } from "@/app/_live/presence-store";
import type { PresentMember } from "@/lib/protocol";

/**
 * Everything on the session page that shows presence, each subscribed to the presence store on
 * its own: when someone moves or types, these re-render and the article and panels do not.
 */

/** The first few faces in the top bar. */
export function PresenceAvatars({ presence }: { presence: PresenceStore }) {
  const tSession = useTranslations("session");
  const people = usePresentPeople(presence);
  return (
    <span className="presence-avatars" aria-label={tSession("present", { count: people.length })} role="img" data-testid="presence-avatars">
      {people.slice(0, 5).map((member) => (
        <Avatar key={member.userId} name={member.displayName} id={member.userId} />
      ))}
    </span>
  );
}

/** Who is here, in the sidebar. */
export function PresenceList({ presence, viewerId }: { presence: PresenceStore; viewerId: string }) {
  const tSession = useTranslations("session");
  const people = usePresentPeople(presence);
  return (
    <section aria-labelledby="presence-title">
      <h2 id="presence-title" className="small muted" style={{ margin: "0 0 0.4rem" }}>
        {tSession("present", { count: people.length })}
      </h2>
      <ul className="presence-chips" aria-live="polite" data-testid="presence">
        {people.map((member) => (
          <li key={member.userId}>
            <Avatar name={member.displayName} id={member.userId} />
            <span>
              {member.displayName}
              {member.userId === viewerId ? <span className="muted"> ({tSession("you")})</span> : null}
              <GuestBadge userId={member.role === "guest" ? member.userId : null} />
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** How many are here (the projector's footer). */
export function PresentCount({ presence, label }: { presence: PresenceStore; label: (count: number) => string }) {
  return <span>{label(usePresentPeople(presence).length)}</span>;
}

/** Who else is typing in the thread. */
export function TypingLine({ presence }: { presence: PresenceStore }) {
  const t = useTranslations("thread");
  const typing = useTypingMembers(presence);
  return (
    <p className="typing-line muted small" aria-live="polite">
      {typing.length > 0 ? t("typing", { names: typing.map((member) => member.displayName).join(", "), count: typing.length }) : " "}
    </p>
  );
}

/** The others reading one paragraph, beside it in the margin rail. */
export function RailReaders({
  presence,
  blockId,
  place,
  label,
}: {
  presence: PresenceStore;
  blockId: string;
  place?: ReaderPlacement | undefined;
  label: (names: string) => string;
}) {
  const here = useReadersAt(presence, blockId, place);
  if (here.length === 0) return null;
  return (
    <span className="rail-readers" role="img" aria-label={label(here.map((reader) => reader.displayName).join(", "))} data-testid="rail-readers">
      {here.slice(0, 3).map((reader) => (
        <RailReader key={reader.userId} reader={reader} />
      ))}
    </span>
  );
}

/** Someone reading this paragraph, by the initials that tell them apart in the group. */
function RailReader({ reader }: { reader: PresentMember }) {
  const initials = useInitials(reader.userId, reader.displayName);
  return (
    <span className="rail-reader" style={{ background: personColour(reader.userId) }} aria-hidden="true">
      {initials}
    </span>
  );
}
