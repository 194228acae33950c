import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { rangeProblem } from "../lib/anchoring/selectors";
import { MAX_PASSAGE_LENGTH } from "../lib/annotations/kinds";
import { AppError } from "../lib/errors";
import { renderComment } from "../lib/markdown/comment";
import type { MessageView } from "../lib/protocol";
import { mentionedUsernames } from "../lib/thread/mentions";
import { placeholders, prepared } from "./client";
import { newMessage } from "./new-items";
import { passageText, type Change, type ChangeInput, type SessionContext } from "./operation-context";
import { memberships, messages, users } from "./schema";
import type { Transaction } from "./session-events";

/** The operations on the discussion thread. */
export type ThreadOperation = "message.create" | "message.update" | "message.delete" | "message.react";
type MessageRow = typeof messages.$inferSelect;

// Every statement of these operations, built and compiled once (db/client.ts `prepared`; a new
// message's insert is hand-written, db/new-items.ts); run inside the operation's transaction,
// they are part of it.
const messageById = eq(messages.id, sql.placeholder("id"));
const messageExists = prepared("messageExists", (database) => database.select({ id: messages.id }).from(messages).where(messageById));
const messageRow = prepared("messageRow", (database) => database.select().from(messages).where(messageById));
const messageWithAuthor = prepared("messageWithAuthor", (database) =>
  database.select({ message: messages, authorName: users.displayName }).from(messages).innerJoin(users, eq(users.id, messages.authorId)).where(messageById),
);
const updateMessage = {
  react: prepared("reactMessage", (database) =>
    database
      .update(messages)
      .set(placeholders(["reactions", "seq"]))
      .where(messageById),
  ),
  edit: prepared("editMessage", (database) =>
    database
      .update(messages)
      .set(placeholders(["body", "bodyHtml", "mentions", "editedAt", "seq"]))
      .where(messageById),
  ),
  delete: prepared("deleteMessage", (database) =>
    database
      .update(messages)
      .set(placeholders(["deletedAt", "seq"]))
      .where(messageById),
  ),
};

/** Applies a discussion-thread operation inside the operation's transaction. */
export async function applyThreadChange(input: ChangeInput<ThreadOperation>): Promise<Change> {
  const { operation } = input;
  if (operation.type === "message.create") return await createMessage({ ...input, operation });
  return await changeMessage({ ...input, operation });
}

async function createMessage({ tx, session, actor, now, seq, operation }: ChangeInput<"message.create">): Promise<Change> {
  assertOpen(session);
  if (operation.parentId) {
    const parent = (await messageRow().execute({ id: operation.parentId }))[0];
    if (!parent || parent.sessionId !== session.id || parent.deletedAt) throw new AppError("NOT_FOUND", "The message you reply to does not exist.");
    if (parent.parentId) throw new AppError("BAD_REQUEST", "Replies go one level deep: reply to the first message instead.");
  }
  if (operation.quote) {
    const problem = rangeProblem(await passageText(session, operation.quote), operation.quote, MAX_PASSAGE_LENGTH);
    if (problem) throw new AppError("BAD_REQUEST", problem);
  }
  const row: MessageRow = {
    id: operation.messageId,
    sessionId: session.id,
    parentId: operation.parentId,
    authorId: actor.id,
    body: operation.body,
    bodyHtml: renderComment(operation.body),
    quote: operation.quote,
    mentions: await resolveMentions(tx, session.groupId, operation.body),
    reactions: {},
    createdAt: now,
    editedAt: null,
    deletedAt: null,
    seq,
  };
  const item = await newMessage.insert(row, () => messageExists().execute({ id: row.id }), "A message with this id already exists.");
  return { type: operation.type, payload: { message: messageView(row, actor.name) }, audience: "everyone", privateTo: null, item };
}

async function changeMessage({ tx, session, actor, now, seq, operation }: ChangeInput<"message.update" | "message.delete" | "message.react">): Promise<Change> {
  assertOpen(session);
  const found = (await messageWithAuthor().execute({ id: operation.messageId }))[0];
  if (!found || found.message.sessionId !== session.id || found.message.deletedAt) throw new AppError("NOT_FOUND", "That message does not exist in this session.");
  const current = found.message;
  let changes: Partial<MessageRow>;
  if (operation.type === "message.react") {
    changes = { reactions: toggleReaction(current.reactions as Record<string, string[]>, operation.reaction, actor.id, operation.on) };
  } else {
    if (current.authorId !== actor.id) throw new AppError("FORBIDDEN", "You can only change your own messages.");
    changes =
      operation.type === "message.delete"
        ? { deletedAt: now }
        : { body: operation.body, bodyHtml: renderComment(operation.body), mentions: await resolveMentions(tx, session.groupId, operation.body), editedAt: now };
  }
  const statement = operation.type === "message.react" ? updateMessage.react : operation.type === "message.delete" ? updateMessage.delete : updateMessage.edit;
  await statement().execute({ ...changes, id: current.id, seq });
  return { type: operation.type, payload: { message: messageView({ ...current, ...changes, seq }, found.authorName) }, audience: "everyone", privateTo: null };
}

function assertOpen(session: SessionContext): void {
  if (session.status === "ended") throw new AppError("SESSION_ENDED", "This session has ended; its thread is read-only.");
}

function toggleReaction(reactions: Record<string, string[]>, reaction: string, userId: string, on: boolean): Record<string, string[]> {
  const others = (reactions[reaction] ?? []).filter((id) => id !== userId);
  const next = { ...reactions, [reaction]: on ? [...others, userId] : others };
  if (next[reaction]!.length === 0) delete next[reaction];
  return next;
}

/** The ids of the group members @mentioned in a message. */
async function resolveMentions(tx: Transaction, groupId: string, body: string): Promise<string[]> {
  const names = mentionedUsernames(body);
  if (names.length === 0) return [];
  return (
    await tx
      .select({ id: users.id })
      .from(users)
      .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.groupId, groupId)))
      .where(inArray(users.username, names))
  ).map((row) => row.id);
}

function messageView(row: MessageRow, authorName: string): MessageView {
  const deleted = row.deletedAt !== null;
  return {
    id: row.id,
    parentId: row.parentId,
    authorId: row.authorId,
    authorName,
    body: deleted ? "" : row.body,
    bodyHtml: deleted ? "" : row.bodyHtml,
    quote: (row.quote as MessageView["quote"]) ?? null,
    mentions: row.mentions as string[],
    reactions: row.reactions as Record<string, string[]>,
    createdAt: row.createdAt.getTime(),
    editedAt: row.editedAt?.getTime() ?? null,
    deleted,
    seq: row.seq,
  };
}

/** The session's thread as it stands (deleted messages left out). */
export async function threadSnapshot(tx: Transaction, sessionId: string): Promise<MessageView[]> {
  return (
    await tx
      .select({ message: messages, authorName: users.displayName })
      .from(messages)
      .innerJoin(users, eq(users.id, messages.authorId))
      .where(and(eq(messages.sessionId, sessionId), isNull(messages.deletedAt)))
      .orderBy(asc(messages.createdAt), asc(messages.id))
  ).map((row) => messageView(row.message, row.authorName));
}
