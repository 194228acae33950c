import type { Passage, SessionEventView } from "../protocol";

/** A poll of the room as it ended: its passage and how many agreed, disagreed or were unsure. */
export type RecordPoll = { id: string; passage: Passage; tally: { agree: number; disagree: number; unsure: number } };

/**
 * The session's polls with their final tallies, in the order they were opened. Polls leave no
 * table of their own in the record: every vote's event carries the room, and the last room
 * that shows a poll holds its result.
 */
export function pollsFromEvents(events: readonly SessionEventView[]): RecordPoll[] {
  const polls = new Map<string, RecordPoll>();
  for (const event of events) {
    const poll = event.room?.poll;
    if (poll) polls.set(poll.id, { id: poll.id, passage: poll.passage, tally: poll.tally });
  }
  return [...polls.values()];
}
