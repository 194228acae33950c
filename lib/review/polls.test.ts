import { describe, expect, it } from "vitest";
import { emptyRoom } from "../annotations/layer-state";
import type { SessionEventView } from "../protocol";
import { pollsFromEvents } from "./polls";

const passage = { start: 0, end: 5, exact: "Union" };
const event = (seq: number, pollId: string | null, agree: number): SessionEventView => ({
  seq,
  type: pollId ? "poll.vote" : "hand.raise",
  actorId: null,
  at: seq,
  room: { ...emptyRoom, seq, poll: pollId ? { id: pollId, passage, open: true, tally: { agree, disagree: 0, unsure: 0 }, voters: [] } : null },
});

describe("pollsFromEvents", () => {
  it("keeps each poll's last tally, in the order the polls were opened", () => {
    const polls = pollsFromEvents([event(1, "p1", 0), event(2, "p1", 2), event(3, null, 0), event(4, "p2", 1), event(5, "p1", 3)]);
    expect(polls.map((poll) => [poll.id, poll.tally.agree])).toEqual([
      ["p1", 3],
      ["p2", 1],
    ]);
  });
});
