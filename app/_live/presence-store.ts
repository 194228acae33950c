"use client";

import { useCallback, useSyncExternalStore } from "react";
import { membersOf, type PresenceView } from "@/lib/presence/changes";
import { PresenceReader } from "@/lib/presence/wire";
import type { PresenceDelta, PresentMember } from "@/lib/protocol";

const nobody: readonly PresentMember[] = [];

/** Where a paragraph someone shares shows on this page (another edition's paragraph → the aligned one here; null: nowhere). */
export type ReaderPlacement = (blockId: string) => string | null;

const asShared: ReaderPlacement = (blockId) => blockId;

/**
 * Who is in the session's room, outside React's tree: the live connection writes into it (the
 * join's list, then each presence message's changes) and only the few components that show
 * presence subscribe, so someone moving re-renders their avatar, never the article or the
 * panels. Every list it hands out keeps its identity until its content changes.
 */
export class PresenceStore {
  private readonly reader = new PresenceReader();
  private members: readonly PresentMember[] = nobody;
  private people: readonly PresentMember[] = nobody;
  private typing: readonly PresentMember[] = nobody;
  // The others by the paragraph they read, per placement, worked out once per change of the view.
  private version = 0;
  private readonly placed = new WeakMap<ReaderPlacement, { version: number; readers: ReadonlyMap<string, readonly PresentMember[]> }>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly viewerId: string) {}

  /** The whole list, from a join's acknowledgement. */
  reset(whole: PresenceDelta): void {
    this.update(this.reader.reset(whole));
  }

  /** One presence message's changes. */
  apply(delta: PresenceDelta): void {
    this.update(this.reader.apply(delta));
  }

  /** Nobody (the connection is gone: the list would only grow stale). */
  clear(): void {
    this.update(this.reader.clear());
  }

  /** The connection is gone: the list stays, and waits for the next join's before it changes again. */
  hold(): void {
    this.reader.hold();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Everyone present, sorted by name, with what they are doing. */
  getMembers = (): readonly PresentMember[] => this.members;

  /** Everyone present, sorted by name: a new list only when someone comes, goes or is renamed, not when they move. */
  getPeople = (): readonly PresentMember[] => this.people;

  /** The others typing in the thread now. */
  getTyping = (): readonly PresentMember[] => this.typing;

  /** The others reading one paragraph now (their shared paragraph placed on this page by `place`). */
  readersAt(blockId: string, place: ReaderPlacement = asShared): readonly PresentMember[] {
    return this.readersBy(place).get(blockId) ?? nobody;
  }

  private readersBy(place: ReaderPlacement): ReadonlyMap<string, readonly PresentMember[]> {
    const held = this.placed.get(place);
    if (held?.version === this.version) return held.readers;
    const readers = new Map<string, PresentMember[]>();
    for (const member of this.members) {
      const blockId = member.blockId && member.userId !== this.viewerId ? place(member.blockId) : null;
      if (blockId) readers.set(blockId, [...(readers.get(blockId) ?? []), member]);
    }
    // A paragraph whose readers did not change keeps its list, so its rail marker does not re-render.
    const kept = new Map<string, readonly PresentMember[]>();
    for (const [blockId, here] of readers) {
      const before = held?.readers.get(blockId);
      kept.set(blockId, before && same(before, here) ? before : here);
    }
    this.placed.set(place, { version: this.version, readers: kept });
    return kept;
  }

  private update(view: PresenceView): void {
    const members = membersOf(view);
    const typing = members.filter((member) => member.typing && member.userId !== this.viewerId);
    this.members = same(this.members, members) ? this.members : members;
    this.people = samePeople(this.people, members) ? this.people : members;
    this.typing = same(this.typing, typing) ? this.typing : typing;
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}

/** Whether two lists hold the same entries (an entry that changed is a new object). */
function same(a: readonly PresentMember[], b: readonly PresentMember[]): boolean {
  return a.length === b.length && a.every((member, index) => member === b[index]);
}

/** Whether two lists name the same people in the same order (whatever they are doing). */
function samePeople(a: readonly PresentMember[], b: readonly PresentMember[]): boolean {
  return a.length === b.length && a.every((member, index) => member.userId === b[index]!.userId && member.displayName === b[index]!.displayName && member.role === b[index]!.role);
}

const noMembers = () => nobody;

/** Everyone present (re-renders when someone comes, goes or is renamed; not when they move or type). */
export function usePresentPeople(store: PresenceStore): readonly PresentMember[] {
  return useSyncExternalStore(store.subscribe, store.getPeople, noMembers);
}

/** The others typing in the thread. */
export function useTypingMembers(store: PresenceStore): readonly PresentMember[] {
  return useSyncExternalStore(store.subscribe, store.getTyping, noMembers);
}

/** The others reading one paragraph (re-renders only when they change). */
export function useReadersAt(store: PresenceStore, blockId: string, place?: ReaderPlacement): readonly PresentMember[] {
  const read = useCallback(() => store.readersAt(blockId, place), [store, blockId, place]);
  return useSyncExternalStore(store.subscribe, read, noMembers);
}
