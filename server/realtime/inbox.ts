import type { InboxKind } from "../../lib/inbox/kinds";
import { userRoom, type LiveServer } from "./types";

/** Tells people, on whichever page and node they are, that something arrived in their inbox. */
export function tellInboxes(io: LiveServer, news: { userId: string; kind: InboxKind }[]): void {
  for (const { userId, kind } of news) io.to(userRoom(userId)).emit("inbox:new", { kind });
}
