"use client";

import { useId, useState } from "react";
import { useTranslations } from "next-intl";
import { Avatar, personColour, useInitials } from "@/app/_components/avatar";
import { GuestBadge } from "@/app/_components/guest-badge";
import { usePresentPeople, useReadersAt, useTypingMembers, type PresenceStore, type ReaderPlacement } from "@/app/_live/presence-store";
import { foldCrowd } from "@/lib/presence/crowd";
import type { PresentMember } from "@/lib/protocol";

/**
 * Everything on the session page that shows presence, each subscribed to the presence store on
 * its own: when someone moves or types, these re-render and the article and panels do not.
 */

/** Faces in the top bar; past these the bar also shows how many are here. */
const TOP_BAR_FACES = 5;
/** People listed in the sidebar before the rest fold behind "Show everyone": a room of 200 would fill it. */
const LISTED_PEOPLE = 12;
/** Others typing named in the thread before the rest are counted. */
const NAMED_TYPISTS = 3;
/** Readers' initials beside a paragraph before the rest are counted. */
const RAIL_FACES = 3;

/**
 * The first few faces in the top bar, and in a larger room how many are here: the total rather
 * than "+N", since a narrow bar hides some of the faces it was given (session.css).
 */
export function PresenceAvatars({ presence }: { presence: PresenceStore }) {
  const tSession = useTranslations("session");
  const people = usePresentPeople(presence);
  const { shown, more } = foldCrowd(people, TOP_BAR_FACES);
  return (
    <span className="presence-avatars" aria-label={tSession("present", { count: people.length })} role="img" data-testid="presence-avatars">
      <span className="presence-faces">
        {shown.map((member) => (
          <Avatar key={member.userId} name={member.displayName} id={member.userId} />
        ))}
      </span>
      {more > 0 ? (
        <span className="presence-total" aria-hidden="true" data-testid="presence-total">
          {people.length}
        </span>
      ) : null}
    </span>
  );
}

/** Who is here, in the sidebar: the first dozen by name, the rest behind "Show everyone". */
export function PresenceList({ presence, viewerId }: { presence: PresenceStore; viewerId: string }) {
  const tSession = useTranslations("session");
  const people = usePresentPeople(presence);
  const [everyone, setEveryone] = useState(false);
  const listId = useId();
  const folded = foldCrowd(people, LISTED_PEOPLE);
  const listed = everyone ? people : folded.shown;
  return (
    <section aria-labelledby="presence-title">
      <h2 id="presence-title" className="small muted" style={{ margin: "0 0 0.4rem" }}>
        {tSession("present", { count: people.length })}
      </h2>
      {/* Comings and goings are announced in a small room; in a large one they would never stop, and opening the list would read it out. */}
      <ul className="presence-chips" aria-live={folded.more > 0 ? "off" : "polite"} data-testid="presence" id={listId}>
        {listed.map((member) => (
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
      {folded.more > 0 ? (
        <button type="button" className="link-button small presence-fold" aria-expanded={everyone} aria-controls={listId} onClick={() => setEveryone(!everyone)}>
          {everyone ? tSession("presentShowFewer") : tSession("presentShowAll", { count: people.length })}
        </button>
      ) : null}
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
      {typingText(t, typing)}
    </p>
  );
}

/** "Ana is typing…", up to four names, then "Ana, Ben, Cy and 4 others are typing…" (a space keeps the line's height). */
function typingText(t: ReturnType<typeof useTranslations<"thread">>, typing: readonly PresentMember[]): string {
  if (typing.length === 0) return " ";
  const { shown, more } = foldCrowd(typing, NAMED_TYPISTS);
  const names = shown.map((member) => member.displayName).join(", ");
  return more > 0 ? t("typingMany", { names, others: more }) : t("typing", { names, count: typing.length });
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
  const { shown, more } = foldCrowd(here, RAIL_FACES);
  return (
    <span className="rail-readers" role="img" aria-label={label(here.map((reader) => reader.displayName).join(", "))} data-testid="rail-readers">
      {shown.map((reader) => (
        <RailReader key={reader.userId} reader={reader} />
      ))}
      {more > 0 ? (
        <span className="rail-reader rail-readers-more" aria-hidden="true" data-testid="readers-more">
          +{more}
        </span>
      ) : null}
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
