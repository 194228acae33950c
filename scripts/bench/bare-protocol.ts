/**
 * The wire protocol of the bare Socket.IO broadcast server the benchmark compares against:
 * join a room (optionally replaying what was relayed after a sequence number), relay a
 * message to the room. No authentication, no validation, no database.
 */

/** A message as the bare server relays it to the room and keeps it in memory. */
export type BareRelayed = { room: string; seq: number; id: string; payload: unknown };

/** Messages a bare client sends, each with its acknowledgement. */
export interface BareClientToServer {
  join: (payload: { room: string; afterSeq?: number }, ack: (reply: { ok: true; data: { missed: BareRelayed[]; lastSeq: number } }) => void) => void;
  relay: (payload: { room: string; id: string; payload: unknown }, ack: (reply: { ok: true; data: { seq: number; relayed: BareRelayed } }) => void) => void;
}

/** Messages the bare server sends. */
export interface BareServerToClient {
  relayed: (message: BareRelayed) => void;
}
