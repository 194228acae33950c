import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { presenceChangesSchema, presenceDeltaSchema, type PresenceDelta, type PresentMember } from "../protocol";
import { membersOf, viewOf, type PresenceView } from "./changes";
import { PresenceNumbers, PresenceReader, personEntry, personOf, userIdOf, wireId } from "./wire";

const ana: PresentMember = { userId: "0b7c6a52-3f1d-4e8a-9c2b-5d4e3f2a1b0c", displayName: "Ana Torres", role: "owner", blockId: null, typing: false };
const ben: PresentMember = { userId: "ffffffff-ffff-4fff-bfff-ffffffffffff", displayName: "Ben", role: "member", blockId: "b1", typing: false };
const cy: PresentMember = { userId: "00000000-0000-4000-8000-000000000000", displayName: "Cy", role: "facilitator", blockId: null, typing: true };
const rosa: PresentMember = { userId: "legacy_id-7", displayName: "Rosa", role: "guest", blockId: null, typing: false };

/** A server room and one socket in it that has applied every delta since the start. */
function room() {
  const numbers = new PresenceNumbers();
  const reader = new PresenceReader();
  let published: PresenceView = new Map();
  return {
    numbers,
    reader,
    /** The room's view becomes `members`: the delta goes out, the socket applies it. */
    publish(members: readonly PresentMember[]): PresenceDelta | null {
      const after = viewOf(members);
      const delta = numbers.delta(published, after);
      published = after;
      if (delta) reader.apply(delta);
      return delta;
    },
    /** A socket joining now: its reader starts from the acknowledgement's list. */
    joiner(): PresenceReader {
      const joining = new PresenceReader();
      joining.reset(numbers.whole(published));
      return joining;
    },
  };
}

describe("wireId and userIdOf", () => {
  it("sends a UUID as 22 base64url characters and reads it back", () => {
    for (const userId of [ana.userId, ben.userId, cy.userId, ...Array.from({ length: 200 }, () => randomUUID())]) {
      const wire = wireId(userId);
      expect(wire).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(userIdOf(wire)).toBe(userId);
    }
    expect(wireId(cy.userId)).toBe("AAAAAAAAQACAAAAAAAAAAA");
    expect(wireId(ben.userId)).toBe("________T_-__________w");
    for (const userId of Array.from({ length: 50 }, () => randomUUID())) expect(wireId(userId)).toBe(Buffer.from(userId.replaceAll("-", ""), "hex").toString("base64url"));
  });

  it("sends any other id as it is after a dot, so that it is never read as a UUID", () => {
    expect(wireId("legacy_id-7")).toBe(".legacy_id-7");
    expect(userIdOf(".legacy_id-7")).toBe("legacy_id-7");
    const twentyTwo = "abcdefghijklmnopqrstuv";
    expect(userIdOf(wireId(twentyTwo))).toBe(twentyTwo);
    // Not lowercase: not the UUID form this app makes, so it travels as it is and comes back unchanged.
    const upper = ana.userId.toUpperCase();
    expect(wireId(upper)).toBe(`.${upper}`);
    expect(userIdOf(wireId(upper))).toBe(upper);
  });

  it("reads nothing from what wireId never makes", () => {
    expect(userIdOf("")).toBeNull();
    expect(userIdOf(".")).toBeNull();
    expect(userIdOf("AAAAAAAAQACAAAAAAAAAA")).toBeNull();
    expect(userIdOf("AAAAAAAAQACAAAAAAAAAAAA")).toBeNull();
    expect(userIdOf("AAAAAAAAQACAAAAAAAAA+A")).toBeNull();
    // The last character carries 2 bits of the UUID and 4 zero bits: "B" sets one of those.
    expect(userIdOf("AAAAAAAAQACAAAAAAAAAAB")).toBeNull();
  });
});

describe("personEntry and personOf", () => {
  it("names a member by id and name alone, anyone else with their role", () => {
    expect(personEntry({ userId: cy.userId, displayName: "Cy", role: "member" })).toBe("AAAAAAAAQACAAAAAAAAAAA Cy");
    expect(personEntry(cy)).toEqual(["AAAAAAAAQACAAAAAAAAAAA Cy", "facilitator"]);
    expect(personEntry(rosa)).toEqual([".legacy_id-7 Rosa", "guest"]);
  });

  it("reads back who an entry names, spaces and all in the name", () => {
    for (const person of [ana, ben, cy, rosa, { ...ben, displayName: "  María  José de la O " }, { ...ben, displayName: "" }, { ...ana, displayName: "李 小龍 🐉" }]) {
      const { userId, displayName, role } = person;
      expect(personOf(personEntry(person))).toEqual({ userId, displayName, role });
    }
  });

  it("reads nothing from an entry without a readable id", () => {
    expect(personOf("no-space")).toBeNull();
    expect(personOf(" Ana")).toBeNull();
    expect(personOf("short Ana")).toBeNull();
  });
});

describe("PresenceNumbers and PresenceReader", () => {
  it("numbers newcomers in order and names them once; later changes go by number", () => {
    const { publish, reader } = room();
    expect(publish([ana])).toEqual({ joined: [0, [`${wireId(ana.userId)} Ana Torres`, "owner"]] });
    expect(publish([ana, ben, cy])).toEqual({
      joined: [1, `${wireId(ben.userId)} Ben`, [`${wireId(cy.userId)} Cy`, "facilitator"]],
      moved: { 1: "b1" },
      typing: [2],
    });
    expect(
      publish([
        { ...ana, blockId: "b9" },
        { ...ben, blockId: null, typing: true },
        { ...cy, typing: false },
      ]),
    ).toEqual({
      moved: { 0: "b9", 1: null },
      typing: [1],
      idle: [2],
    });
    expect(publish([{ ...ana, blockId: "b9" }])).toEqual({ left: [1, 2] });
    expect(membersOf(reader.view)).toEqual([{ ...ana, blockId: "b9" }]);
  });

  it("sends nothing when nothing changed", () => {
    const { publish } = room();
    publish([ana, ben]);
    expect(publish([{ ...ben }, { ...ana }])).toBeNull();
    expect(room().publish([])).toBeNull();
  });

  it("never gives a number twice: someone who comes back gets a new one", () => {
    const { publish, reader } = room();
    publish([ana, ben]);
    publish([ana]);
    expect(publish([ana, ben])).toEqual({ joined: [2, `${wireId(ben.userId)} Ben`], moved: { 2: "b1" } });
    expect(membersOf(reader.view)).toEqual([ana, ben]);
  });

  it("sends someone whose name or role changed again under a new number, keeping what they do", () => {
    const { publish, reader } = room();
    publish([ana, { ...ben, typing: true }]);
    expect(publish([ana, { ...ben, typing: true, role: "facilitator" }])).toEqual({
      left: [1],
      joined: [2, [`${wireId(ben.userId)} Ben`, "facilitator"]],
      moved: { 2: "b1" },
      typing: [2],
    });
    expect(reader.view.get(ben.userId)).toEqual({ ...ben, typing: true, role: "facilitator" });
    publish([ana, { ...ben, displayName: "Benjamin", blockId: null }]);
    expect(reader.view.get(ben.userId)).toEqual({ ...ben, displayName: "Benjamin", blockId: null, role: "member" });
  });

  it("gives a joining socket the whole list under the room's numbers, writing a number only where a run breaks", () => {
    const { publish, numbers, joiner } = room();
    publish([ana, ben, cy]);
    publish([ana, cy, rosa]);
    expect(numbers.whole(viewOf([ana, cy, rosa]))).toEqual({
      joined: [0, [`${wireId(ana.userId)} Ana Torres`, "owner"], 2, [`${wireId(cy.userId)} Cy`, "facilitator"], [".legacy_id-7 Rosa", "guest"]],
      typing: [2],
    });
    const late = joiner();
    expect(membersOf(late.view)).toEqual(membersOf(viewOf([ana, cy, rosa])));
    // What the room hears next applies to the late joiner's list as well.
    const delta = publish([{ ...rosa, blockId: "b4" }, cy]);
    late.apply(delta!);
    expect(membersOf(late.view)).toEqual(membersOf(viewOf([{ ...rosa, blockId: "b4" }, cy])));
    expect(numbers.whole(new Map())).toEqual({});
  });

  it("keeps every socket's list equal to the room's through any sequence of changes", () => {
    const people = Array.from({ length: 12 }, (_, index): PresentMember => ({
      userId: randomUUID(),
      displayName: `Person ${index % 5}`,
      role: "member",
      blockId: null,
      typing: false,
    }));
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const { publish, reader, joiner } = room();
    const late: PresenceReader[] = [];
    let current = new Map<string, PresentMember>();
    for (let step = 0; step < 400; step += 1) {
      const next = new Map(current);
      for (let change = 0; change < 1 + Math.floor(random() * 4); change += 1) {
        const person = people[Math.floor(random() * people.length)]!;
        const was = next.get(person.userId);
        const roll = random();
        if (!was) next.set(person.userId, { ...person, role: roll < 0.2 ? "guest" : "member" });
        else if (roll < 0.25) next.delete(person.userId);
        else if (roll < 0.55) next.set(person.userId, { ...was, blockId: random() < 0.2 ? null : `b${Math.floor(random() * 9)}` });
        else if (roll < 0.85) next.set(person.userId, { ...was, typing: !was.typing });
        else next.set(person.userId, { ...was, role: was.role === "member" ? "facilitator" : "member", displayName: `${was.displayName}!` });
      }
      current = next;
      const delta = publish([...current.values()]);
      if (delta) {
        expect(presenceDeltaSchema.safeParse(delta).success).toBe(true);
        for (const other of late) other.apply(delta);
      }
      if (step % 50 === 0) late.push(joiner());
      expect(membersOf(reader.view)).toEqual(membersOf(current));
      for (const other of late) expect(membersOf(other.view)).toEqual(membersOf(current));
    }
  });

  it("keeps the entries that did not change as the same objects", () => {
    const { publish, reader } = room();
    publish([ana, ben]);
    const before = reader.view;
    publish([ana, { ...ben, blockId: "b2" }]);
    expect(reader.view.get(ana.userId)).toBe(before.get(ana.userId));
    expect(reader.view.get(ben.userId)).not.toBe(before.get(ben.userId));
    expect(before.get(ben.userId)?.blockId).toBe("b1");
  });
});

describe("PresenceReader on its own", () => {
  const entry = (member: PresentMember) => personEntry(member);

  it("ignores numbers it does not know (a message from before its acknowledgement) instead of inventing anyone", () => {
    const reader = new PresenceReader();
    reader.reset({ joined: [4, entry(ana)] });
    reader.apply({ left: [9], moved: { 7: "b1" }, typing: [8], idle: [6] });
    expect(membersOf(reader.view)).toEqual([ana]);
  });

  it("skips newcomers before any number, and one it cannot read, whose number still counts", () => {
    const reader = new PresenceReader();
    reader.apply({ joined: [entry(ben)] });
    expect(reader.view.size).toBe(0);
    reader.apply({ joined: [0, "bad-id Nobody", entry(ben)], moved: { 1: "b3" } });
    expect(membersOf(reader.view)).toEqual([{ ...ben, blockId: "b3" }]);
  });

  it("lets a number named again stand for its new person only", () => {
    const reader = new PresenceReader();
    reader.reset({ joined: [0, entry(ana), entry({ ...ben, blockId: null })] });
    reader.apply({ joined: [1, entry(cy)] });
    expect(membersOf(reader.view).map((member) => member.displayName)).toEqual(["Ana Torres", "Cy"]);
    reader.apply({ joined: [5, entry(ana)], moved: { 0: "b1", 5: "b2" } });
    expect(reader.view.get(ana.userId)?.blockId).toBe("b2");
    reader.apply({ left: [0] });
    expect(reader.view.has(ana.userId)).toBe(true);
  });

  it("holds its list from a lost connection until the next join's list, ignoring the messages in between", () => {
    const reader = new PresenceReader();
    reader.reset({ joined: [0, entry(ana), entry(ben)], moved: { 1: "b1" } });
    reader.hold();
    // The next connection's node numbers its room otherwise: its 0 is Cy, who reads b5.
    reader.apply({ joined: [0, entry(cy)], left: [1], moved: { 0: "b5" } });
    expect(membersOf(reader.view)).toEqual([ana, ben]);
    reader.reset({ joined: [0, entry(cy)], moved: { 0: "b5" } });
    reader.apply({ moved: { 0: "b6" } });
    expect(membersOf(reader.view)).toEqual([{ ...cy, typing: false, blockId: "b6" }]);
  });

  it("starts over on reset and forgets everyone on clear", () => {
    const reader = new PresenceReader();
    reader.reset({ joined: [0, entry(ana)] });
    reader.reset({ joined: [3, entry(ben)] });
    expect(membersOf(reader.view).map((member) => member.userId)).toEqual([ben.userId]);
    reader.apply({ left: [0] });
    expect(reader.view.size).toBe(1);
    expect(reader.clear().size).toBe(0);
    reader.apply({ moved: { 3: "b2" } });
    expect(reader.view.size).toBe(0);
  });
});

describe("the size of a join storm", () => {
  it("names each of a hundred newcomers in their name and 26 bytes more, and says what they do in a few each", () => {
    const newcomers = Array.from({ length: 100 }, (_, index): PresentMember => ({
      userId: randomUUID(),
      displayName: `Bench Member ${100 + index}`,
      role: "member",
      blockId: null,
      typing: false,
    }));
    const { publish } = room();
    const joined = publish(newcomers)!;
    const bytes = JSON.stringify({ sessionId: randomUUID(), ...joined }).length;
    // Per newcomer: the 22 characters of the id, two quotes, a space and a comma; then the message's own ~70 bytes.
    expect(bytes).toBeLessThanOrEqual(newcomers.reduce((sum, member) => sum + member.displayName.length + 26, 80));
    const moved = publish(newcomers.map((member, index) => ({ ...member, blockId: `b${index % 40}`, typing: index % 2 === 0 })))!;
    expect(JSON.stringify(moved).length / newcomers.length).toBeLessThanOrEqual(14);
    expect(presenceChangesSchema.safeParse({ sessionId: "s1", ...joined }).success).toBe(true);
  });
});
