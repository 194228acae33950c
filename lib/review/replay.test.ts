import { describe, expect, it } from "vitest";
import { applyEvents, emptyLayer } from "../annotations/layer-state";
import type { AnnotationView, ReplyView, SessionEventView } from "../protocol";
import { buildTimeline, countAt, redactRetracted, replay, stateAfter, unknownFamilies, visibleItems } from "./replay";

/** A small seeded generator (mulberry32), so a failing sequence can be pinned. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function annotation(id: string, seq: number, extra: Partial<AnnotationView> = {}): AnnotationView {
  return {
    id, authorId: "ana", authorName: "Ana", kind: "key_point", visibility: "shared", start: seq % 50, end: (seq % 50) + 5, exact: "hello", prefix: "", suffix: "",
    body: `note ${seq}`, bodyHtml: `<p>note ${seq}</p>`, createdAt: 1000 + seq, editedAt: null, hidden: false, deleted: false, beforeMeeting: false, seq, ...extra,
  };
}

function reply(id: string, annotationId: string, seq: number, extra: Partial<ReplyView> = {}): ReplyView {
  return { id, annotationId, authorId: "ben", authorName: "Ben", body: `reply ${seq}`, bodyHtml: `<p>reply ${seq}</p>`, createdAt: 1000 + seq, editedAt: null, hidden: false, deleted: false, seq, ...extra };
}

/** A random but well-formed log: creations, edits, hides, deletions, replies and status changes. */
function randomLog(seed: number, length: number): SessionEventView[] {
  const next = random(seed);
  const events: SessionEventView[] = [];
  const annotations = new Map<string, AnnotationView>();
  const replies = new Map<string, ReplyView>();
  for (let seq = 1; seq <= length; seq++) {
    const at = 1000 + seq * 1000 + Math.floor(next() * 900);
    const roll = next();
    const existing = [...annotations.values()];
    const pick = existing[Math.floor(next() * existing.length)];
    if (seq === 1) events.push({ seq, type: "session.status", actorId: "ana", at, status: "live" });
    else if (roll < 0.35 || !pick) {
      const item = annotation(`a${seq}`, seq);
      annotations.set(item.id, item);
      events.push({ seq, type: "annotation.create", actorId: "ana", at, annotation: item });
    } else if (roll < 0.5) {
      const item = { ...pick, body: `edited ${seq}`, editedAt: at, seq };
      annotations.set(item.id, item);
      events.push({ seq, type: "annotation.update", actorId: "ana", at, annotation: item });
    } else if (roll < 0.58) {
      const item = { ...pick, hidden: !pick.hidden, seq };
      annotations.set(item.id, item);
      events.push({ seq, type: item.hidden ? "annotation.hide" : "annotation.unhide", actorId: "ana", at, annotation: item });
    } else if (roll < 0.63) {
      const item = { ...pick, deleted: true, seq };
      annotations.set(item.id, item);
      events.push({ seq, type: "annotation.delete", actorId: "ana", at, annotation: item });
    } else if (roll < 0.9 || replies.size === 0) {
      const item = reply(`r${seq}`, pick.id, seq);
      replies.set(item.id, item);
      events.push({ seq, type: "reply.create", actorId: "ben", at, reply: item });
    } else {
      const target = [...replies.values()][Math.floor(next() * replies.size)]!;
      const item = { ...target, deleted: true, seq };
      replies.set(item.id, item);
      events.push({ seq, type: "reply.delete", actorId: "ben", at, reply: item });
    }
  }
  return events;
}

describe("replay", () => {
  it.each([1, 7, 42])("the state after k events equals the fold of the first k events (seed %i), across checkpoints", (seed) => {
    const events = randomLog(seed, 120);
    const timeline = buildTimeline(events, {}, 7);
    for (let k = 0; k <= events.length; k++) {
      const state = stateAfter(timeline, k);
      expect(state.applied).toBe(k);
      expect(state.layer.annotations).toEqual(applyEvents(emptyLayer, events.slice(0, k)).annotations);
      expect(state.layer.replies).toEqual(applyEvents(emptyLayer, events.slice(0, k)).replies);
    }
  });

  it("seeking backwards and forwards gives the same state as replaying from the start", () => {
    const events = randomLog(3, 80);
    const timeline = buildTimeline(events, {}, 10);
    const late = stateAfter(timeline, 75);
    const early = stateAfter(timeline, 12);
    expect(early).toEqual(replay(events.slice(0, 12)));
    expect(late).toEqual(replay(events.slice(0, 75)));
    expect(stateAfter(timeline, 75)).toEqual(late);
  });

  it("never changes a checkpoint while seeking, and saves the ones it folds past", () => {
    const events = randomLog(9, 40);
    const timeline = buildTimeline(events, {}, 10);
    expect([...timeline.checkpoints.keys()]).toEqual([0]);
    stateAfter(timeline, 35);
    expect([...timeline.checkpoints.keys()]).toEqual([0, 1, 2, 3]);
    const before = JSON.stringify([...timeline.checkpoints]);
    stateAfter(timeline, 25);
    stateAfter(timeline, 5);
    stateAfter(timeline, 39);
    expect(JSON.stringify([...timeline.checkpoints])).toBe(before);
    expect(stateAfter(timeline, 40)).toEqual(replay(events));
  });

  it("follows the session status", () => {
    const events: SessionEventView[] = [
      { seq: 1, type: "session.status", actorId: "ana", at: 10, status: "live" },
      { seq: 2, type: "annotation.create", actorId: "ana", at: 20, annotation: annotation("a", 2) },
      { seq: 3, type: "session.status", actorId: "ana", at: 30, status: "ended" },
    ];
    const timeline = buildTimeline(events);
    expect(stateAfter(timeline, 0).status).toBe("planned");
    expect(stateAfter(timeline, 1).status).toBe("live");
    expect(stateAfter(timeline, 3).status).toBe("ended");
  });

  it("maps a moment to the number of events that had happened by then", () => {
    const events = [10, 20, 20, 35].map((at, index) => ({ seq: index + 1, type: "annotation.create", actorId: "ana", at, annotation: annotation(`a${index}`, index + 1) }));
    const timeline = buildTimeline(events, { start: 0, end: 60 });
    expect([countAt(timeline, 0), countAt(timeline, 10), countAt(timeline, 19), countAt(timeline, 20), countAt(timeline, 59)]).toEqual([0, 1, 1, 3, 4]);
    expect([timeline.start, timeline.end]).toEqual([0, 60]);
    expect(buildTimeline(events, { start: 0, end: 30 }).end).toBe(30);
    expect(buildTimeline(events).end).toBe(35);
  });

  it("lists visible annotations in reading order, without deleted ones or their replies", () => {
    const events: SessionEventView[] = [
      { seq: 1, type: "annotation.create", actorId: "ana", at: 1, annotation: annotation("late", 1, { start: 40, end: 45 }) },
      { seq: 2, type: "annotation.create", actorId: "ana", at: 2, annotation: annotation("early", 2, { start: 3, end: 8 }) },
      { seq: 3, type: "reply.create", actorId: "ben", at: 3, reply: reply("r", "early", 3) },
      { seq: 4, type: "annotation.delete", actorId: "ana", at: 4, annotation: annotation("early", 4, { start: 3, end: 8, deleted: true }) },
    ];
    expect(visibleItems(replay(events.slice(0, 3))).annotations.map((item) => item.id)).toEqual(["early", "late"]);
    const end = visibleItems(replay(events));
    expect(end.annotations.map((item) => item.id)).toEqual(["late"]);
    expect(end.replies).toEqual([]);
  });

  it("takes the words out of earlier versions of what was later hidden or deleted", () => {
    const events: SessionEventView[] = [
      { seq: 1, type: "annotation.create", actorId: "ana", at: 1, annotation: annotation("a", 1, { body: "secret" }) },
      { seq: 2, type: "annotation.hide", actorId: "ana", at: 2, annotation: annotation("a", 2, { body: "", bodyHtml: "", hidden: true }) },
      { seq: 3, type: "annotation.create", actorId: "ana", at: 3, annotation: annotation("b", 3, { body: "kept" }) },
    ];
    const redacted = redactRetracted(events);
    expect(redacted[0]!.annotation!.body).toBe("");
    expect(redacted[2]!.annotation!.body).toBe("kept");
  });

  it("counts events of families it does not know yet without failing", () => {
    const events: SessionEventView[] = [{ seq: 1, type: "timer.start", actorId: "ana", at: 1 }];
    expect(replay(events).applied).toBe(1);
    expect(unknownFamilies(events)).toEqual(["timer"]);
  });
});
