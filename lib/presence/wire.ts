import type { PresenceDelta, PresentMember, PresentPersonEntry } from "../protocol";
import type { SessionRole } from "../roles";
import type { PresenceView } from "./changes";

/**
 * Presence as it travels to the browser (protocol 3), kept small because a room of a hundred
 * sends every newcomer to everyone: each person present gets a number in the room when they
 * are first named ("<id> <name>", a UUID in 22 characters, the role only when not a member);
 * after that, leaving, moving and typing name them by that number. Numbers are kept by the
 * node a socket is connected to, for that socket's room only (a node's sockets all hear the
 * same messages in the same order), and never reused while the room lasts: a person whose
 * name or role changed leaves and comes again under a new number. Pure: the server encodes
 * with `PresenceNumbers`, the browser (and the tests) decode with `PresenceReader`.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const COMPACT = /^[A-Za-z0-9_-]{22}$/;
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** Before an id that is not a (lowercase) UUID, so that it cannot be read as a compact one. */
const LITERAL = ".";

/** A user id as presence sends it: a UUID as its 16 bytes in base64url (22 characters), any other id after a ".". */
export function wireId(userId: string): string {
  if (!UUID.test(userId)) return LITERAL + userId;
  // 32 hex digits and a zero: 132 bits, read 12 at a time as two base64url characters each.
  const hex = `${userId.replaceAll("-", "")}0`;
  let out = "";
  for (let at = 0; at < hex.length; at += 3) {
    const value = parseInt(hex.slice(at, at + 3), 16);
    out += BASE64URL[value >> 6]! + BASE64URL[value & 63]!;
  }
  return out;
}

/** The user id a wire id stands for; null when it is not one `wireId` makes. */
export function userIdOf(wire: string): string | null {
  if (wire.startsWith(LITERAL)) return wire.length > 1 ? wire.slice(1) : null;
  if (!COMPACT.test(wire)) return null;
  let hex = "";
  for (let at = 0; at < wire.length; at += 2) {
    const value = (BASE64URL.indexOf(wire[at]!) << 6) | BASE64URL.indexOf(wire[at + 1]!);
    hex += value.toString(16).padStart(3, "0");
  }
  // The last 4 bits pad the UUID with a zero; anything else is no id of ours.
  if (!hex.endsWith("0")) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** How a newcomer is named: "<id> <name>", with the role beside it unless they are a member. */
export function personEntry(person: { userId: string; displayName: string; role: SessionRole }): PresentPersonEntry {
  const text = `${wireId(person.userId)} ${person.displayName}`;
  return person.role === "member" ? text : [text, person.role];
}

/** Who an entry names; null when its id is not one `wireId` makes. */
export function personOf(entry: PresentPersonEntry): { userId: string; displayName: string; role: SessionRole } | null {
  const [text, role] = typeof entry === "string" ? [entry, "member" as const] : entry;
  const space = text.indexOf(" ");
  const userId = space > 0 ? userIdOf(text.slice(0, space)) : null;
  return userId === null ? null : { userId, displayName: text.slice(space + 1), role };
}

const sameIdentity = (a: PresentMember, b: PresentMember) => a.displayName === b.displayName && a.role === b.role;

/**
 * The numbers of one room's people, as a node's sockets in that room know them (server side).
 * It follows the room's published view: every delta it makes must reach every socket in the room.
 */
export class PresenceNumbers {
  private readonly numbers = new Map<string, number>();
  private next = 0;

  /**
   * What turns `before` (the view the room's sockets were last told) into `after`, numbering
   * the newcomers; null when nothing changed. `before` must be the view of the previous delta.
   */
  delta(before: PresenceView, after: PresenceView): PresenceDelta | null {
    const left: number[] = [];
    const newcomers: PresentMember[] = [];
    const moved: Record<string, string | null> = {};
    const typing: number[] = [];
    const idle: number[] = [];
    for (const [userId, number] of this.numbers) {
      const was = before.get(userId);
      const now = after.get(userId);
      if (was && now && sameIdentity(was, now)) {
        if (now.blockId !== was.blockId) moved[number] = now.blockId;
        if (now.typing !== was.typing) (now.typing ? typing : idle).push(number);
        continue;
      }
      // Gone, or renamed or given another role: they leave, and come again below under a new number.
      left.push(number);
      this.numbers.delete(userId);
    }
    for (const [userId, now] of after) if (!this.numbers.has(userId)) newcomers.push(now);
    const first = this.next;
    for (const newcomer of newcomers) {
      const number = this.next++;
      this.numbers.set(newcomer.userId, number);
      if (newcomer.blockId !== null) moved[number] = newcomer.blockId;
      if (newcomer.typing) typing.push(number);
    }
    const joined = newcomers.length > 0 ? [first, ...newcomers.map(personEntry)] : [];
    return compact({ joined, left, moved, typing, idle });
  }

  /** Everyone in `view` (the room's published view) under their numbers, for a joining socket: a delta from nobody. */
  whole(view: PresenceView): PresenceDelta {
    const numbered = [...view.values()].flatMap((member) => {
      const number = this.numbers.get(member.userId);
      return number === undefined ? [] : [{ member, number }];
    });
    numbered.sort((a, b) => a.number - b.number);
    const joined: NonNullable<PresenceDelta["joined"]> = [];
    const moved: Record<string, string | null> = {};
    const typing: number[] = [];
    let expected = -1;
    for (const { member, number } of numbered) {
      // A number is written only where the run of consecutive ones breaks.
      if (number !== expected) joined.push(number);
      joined.push(personEntry(member));
      expected = number + 1;
      if (member.blockId !== null) moved[number] = member.blockId;
      if (member.typing) typing.push(number);
    }
    return compact({ joined, left: [], moved, typing, idle: [] }) ?? {};
  }
}

function compact(delta: Required<PresenceDelta>): PresenceDelta | null {
  const anyMoved = Object.keys(delta.moved).length > 0;
  if (delta.joined.length === 0 && delta.left.length === 0 && !anyMoved && delta.typing.length === 0 && delta.idle.length === 0) return null;
  return {
    ...(delta.joined.length > 0 && { joined: delta.joined }),
    ...(delta.left.length > 0 && { left: delta.left }),
    ...(anyMoved && { moved: delta.moved }),
    ...(delta.typing.length > 0 && { typing: delta.typing }),
    ...(delta.idle.length > 0 && { idle: delta.idle }),
  };
}

/**
 * Who is here, as one socket reads its presence (browser side): the join acknowledgement's
 * whole list, then each presence message of the room applied in order. An entry or number it
 * cannot place (a message from before the acknowledgement) is ignored rather than guessed at.
 */
export class PresenceReader {
  private people = new Map<number, string>();
  private numbers = new Map<string, number>();
  private current: PresenceView = new Map();
  private holding = false;

  /** Who is here now, by user id; a new map after each change, whose unchanged entries stay the same objects. */
  get view(): PresenceView {
    return this.current;
  }

  /** The number the room's messages name a person by now. */
  numberOf(userId: string): number | undefined {
    return this.numbers.get(userId);
  }

  /** Starts over from a join acknowledgement's list. */
  reset(whole: PresenceDelta): PresenceView {
    this.clear();
    this.holding = false;
    return this.apply(whole);
  }

  /**
   * The connection is gone: the list stays as it was, and what the next connection's room sends
   * before that connection's join is acknowledged (in another node's numbers, perhaps) is
   * ignored; the acknowledgement's list holds it.
   */
  hold(): void {
    this.holding = true;
  }

  /** Nobody (the connection is gone). */
  clear(): PresenceView {
    this.people = new Map();
    this.numbers = new Map();
    this.current = new Map();
    return this.current;
  }

  /** Applies one presence message: those who left, the newcomers, then moves and typing. */
  apply(delta: PresenceDelta): PresenceView {
    if (this.holding) return this.current;
    const next = new Map(this.current);
    for (const number of delta.left ?? []) {
      const userId = this.people.get(number);
      if (userId === undefined) continue;
      this.people.delete(number);
      this.numbers.delete(userId);
      next.delete(userId);
    }
    let number: number | null = null;
    for (const item of delta.joined ?? []) {
      if (typeof item === "number") {
        number = item;
        continue;
      }
      if (number === null) continue;
      const person = personOf(item);
      if (person) this.name(next, number, person);
      number += 1;
    }
    for (const [key, blockId] of Object.entries(delta.moved ?? {})) this.change(next, Number(key), { blockId });
    for (const each of delta.typing ?? []) this.change(next, each, { typing: true });
    for (const each of delta.idle ?? []) this.change(next, each, { typing: false });
    this.current = next;
    return next;
  }

  /** Gives a number to a newcomer, taking it (and the person's old one) from whoever had it. */
  private name(view: Map<string, PresentMember>, number: number, person: { userId: string; displayName: string; role: SessionRole }): void {
    const holder = this.people.get(number);
    if (holder !== undefined && holder !== person.userId) {
      this.numbers.delete(holder);
      view.delete(holder);
    }
    const old = this.numbers.get(person.userId);
    if (old !== undefined) this.people.delete(old);
    this.people.set(number, person.userId);
    this.numbers.set(person.userId, number);
    view.set(person.userId, { ...person, blockId: null, typing: false });
  }

  private change(view: Map<string, PresentMember>, number: number, change: Partial<Pick<PresentMember, "blockId" | "typing">>): void {
    const userId = this.people.get(number);
    const member = userId === undefined ? undefined : view.get(userId);
    if (member) view.set(member.userId, { ...member, ...change });
  }
}
