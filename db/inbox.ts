import { aliasedTable, and, desc, eq, inArray, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import { operationsThatNotify, type InboxKind } from "../lib/inbox/kinds";
import type { MessageView, Operation } from "../lib/protocol";
import { databaseEngine, db, prepared, sqliteStatement, transaction } from "./client";
import type { Actor, Change, SessionContext } from "./operation-context";
import { annotationReplies, annotations, groups, inboxItems, memberships, messages, questions, studySessions, users } from "./schema";
import type { Transaction } from "./session-events";
import { rowInsert } from "./new-items";
import { timeOrderedId } from "./time-ordered-id";

/** One entry of a member's inbox, with the words of the item it is about as they stand now. */
export type InboxEntry = {
  id: string;
  kind: InboxKind;
  groupId: string;
  groupName: string;
  sessionId: string | null;
  sessionTitle: string | null;
  scheduledAt: Date | null;
  actorName: string | null;
  subjectId: string | null;
  /** The reply, message or question's current text; empty for session news. */
  excerpt: string;
  createdAt: Date;
  read: boolean;
};

type NewItem = { userId: string; kind: InboxKind; subjectId: string | null };

/** How many entries the inbox page shows. */
export const INBOX_PAGE_SIZE = 50;

/** Whom an operation told something, and what (the live server then tells them at once). */
export type InboxNews = { userId: string; kind: InboxKind }[];

// The statements on the path of replies and messages, built and compiled once (db/client.ts
// `prepared`); run inside the operation's transaction, they are part of it.
const annotationAuthor = prepared("inboxAnnotationAuthor", (database) =>
  database
    .select({ authorId: annotations.authorId })
    .from(annotations)
    .where(eq(annotations.id, sql.placeholder("id"))),
);
const messageAuthor = prepared("inboxMessageAuthor", (database) =>
  database
    .select({ authorId: messages.authorId })
    .from(messages)
    .where(eq(messages.id, sql.placeholder("id"))),
);
const groupMembers = prepared("inboxGroupMembers", (database) =>
  database
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(eq(memberships.groupId, sql.placeholder("groupId"))),
);
// SQLite: a reply's lookup straight through the driver (db/client.ts `sqliteStatement`).
const annotationAuthorSqlite = sqliteStatement("SELECT author_id AS authorId FROM annotations WHERE id = ?");

type NewInboxRow = NewItem & { id: string; groupId: string; sessionId: string; actorId: string; seq: number; createdAt: Date };

// One entry, the common case (a reply tells one person): straight through the driver on both engines.
const insertOneItem = rowInsert<NewInboxRow>("insertInboxItem", "inbox_items", [
  ["id", "id"],
  ["user_id", "userId"],
  ["kind", "kind"],
  ["group_id", "groupId"],
  ["session_id", "sessionId"],
  ["actor_id", "actorId"],
  ["subject_id", "subjectId"],
  ["seq", "seq"],
  ["created_at", "createdAt", "time"],
]);

async function annotationAuthorOf(annotationId: string): Promise<{ authorId: string } | undefined> {
  if (databaseEngine() === "sqlite") return annotationAuthorSqlite().get(annotationId) as { authorId: string } | undefined;
  return (await annotationAuthor().execute({ id: annotationId }))[0];
}

/**
 * Records, inside an operation's transaction, whom the operation tells something: the author
 * of the annotation or message replied to, the members @mentioned, the group when a question
 * is released. Committed with the event, so nobody is told about a change that did not happen.
 * Answers whom it told, for the live server to tell them once the transaction committed.
 */
export async function recordInboxItems(
  tx: Transaction,
  input: { session: SessionContext; actor: Actor; operation: Operation; seq: number; now: Date; payload: Change["payload"] },
): Promise<InboxNews> {
  if (!operationsThatNotify.has(input.operation.type)) return [];
  // Each person is told once, by the first reason that names them (a reply before a mention).
  const firstReason = new Map<string, NewItem>();
  for (const item of await recipientsOf(input.session, input.operation, input.payload)) if (!firstReason.has(item.userId)) firstReason.set(item.userId, item);
  firstReason.delete(input.actor.id);
  const rows = [...firstReason.values()].map((item): NewInboxRow => ({
    ...item,
    id: timeOrderedId(),
    groupId: input.session.groupId,
    sessionId: input.session.id,
    actorId: input.actor.id,
    seq: input.seq,
    createdAt: input.now,
  }));
  // A reply mostly tells one person: the compiled statement. More (mentions, a released
  // question) go in one statement for them all, one round trip on PostgreSQL.
  if (rows.length === 1) await insertOneItem(rows[0]!);
  else if (rows.length > 1) await tx.insert(inboxItems).values(rows);
  return rows.map((row) => ({ userId: row.userId, kind: row.kind }));
}

async function recipientsOf(session: SessionContext, operation: Operation, payload: Change["payload"]): Promise<NewItem[]> {
  if (operation.type === "reply.create") {
    const annotation = await annotationAuthorOf(operation.annotationId);
    return annotation ? [{ userId: annotation.authorId, kind: "annotation_reply", subjectId: operation.replyId }] : [];
  }
  if (operation.type === "message.create") return payload.message ? await messageRecipients(payload.message) : [];
  if (operation.type === "question.reveal") {
    const members = await groupMembers().execute({ groupId: session.groupId });
    return members.map((member) => ({ userId: member.userId, kind: "question_released", subjectId: operation.questionId }));
  }
  return [];
}

// A reply to someone's message tells them once, even when it also @mentions them. The new
// message as the operation made it (not read back: on PostgreSQL its insert is sent with the event).
async function messageRecipients(message: Pick<MessageView, "id" | "parentId" | "mentions">): Promise<NewItem[]> {
  const [parent] = message.parentId ? await messageAuthor().execute({ id: message.parentId }) : [];
  const reply: NewItem[] = parent ? [{ userId: parent.authorId, kind: "thread_reply", subjectId: message.id }] : [];
  return [...reply, ...message.mentions.map((userId): NewItem => ({ userId, kind: "mention", subjectId: message.id }))];
}

/** Tells every member of a session's group (but the one who did it) that it was scheduled or moved. */
export async function tellGroupAboutSession(input: { sessionId: string; kind: "session_scheduled" | "session_moved"; actorId: string; now?: Date }): Promise<string[]> {
  return await transaction(async (tx) => {
    const [session] = await tx.select({ groupId: studySessions.groupId }).from(studySessions).where(eq(studySessions.id, input.sessionId));
    if (!session) return [];
    const members = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.groupId, session.groupId), ne(memberships.userId, input.actorId)));
    if (members.length === 0) return [];
    const createdAt = input.now ?? new Date();
    await tx.insert(inboxItems).values(
      members.map((member) => ({
        id: timeOrderedId(),
        userId: member.userId,
        kind: input.kind,
        groupId: session.groupId,
        sessionId: input.sessionId,
        actorId: input.actorId,
        subjectId: null,
        seq: null,
        createdAt,
      })),
    );
    return members.map((member) => member.userId);
  });
}

const actors = aliasedTable(users, "actor");

/**
 * A member's entries joined to the items they are about. Entries whose item was since deleted
 * or hidden, and entries of groups they have left, drop out: the inbox never keeps words that
 * were taken back, and the unread count agrees with the list.
 */
function inboxQuery(userId: string, only: { unread?: boolean; entryId?: string } = {}) {
  return db()
    .select({
      item: inboxItems,
      groupName: groups.name,
      sessionTitle: studySessions.title,
      scheduledAt: studySessions.scheduledAt,
      actorName: actors.displayName,
      excerpt: sql<string | null>`coalesce(${annotationReplies.body}, ${messages.body}, ${questions.text})`,
    })
    .from(inboxItems)
    .innerJoin(memberships, and(eq(memberships.groupId, inboxItems.groupId), eq(memberships.userId, inboxItems.userId)))
    .innerJoin(groups, eq(groups.id, inboxItems.groupId))
    .leftJoin(studySessions, eq(studySessions.id, inboxItems.sessionId))
    .leftJoin(actors, eq(actors.id, inboxItems.actorId))
    .leftJoin(annotationReplies, and(eq(inboxItems.kind, "annotation_reply"), eq(annotationReplies.id, inboxItems.subjectId)))
    .leftJoin(messages, and(inArray(inboxItems.kind, ["thread_reply", "mention"]), eq(messages.id, inboxItems.subjectId)))
    .leftJoin(questions, and(eq(inboxItems.kind, "question_released"), eq(questions.id, inboxItems.subjectId)))
    .where(and(eq(inboxItems.userId, userId), only.unread ? isNull(inboxItems.readAt) : undefined, only.entryId ? eq(inboxItems.id, only.entryId) : undefined, subjectStillThere));
}

const subjectStillThere = or(
  inArray(inboxItems.kind, ["session_scheduled", "session_moved"]),
  and(isNotNull(annotationReplies.id), isNull(annotationReplies.hiddenAt), isNull(annotationReplies.deletedAt)),
  and(isNotNull(messages.id), isNull(messages.deletedAt)),
  and(isNotNull(questions.id), isNull(questions.deletedAt)),
);

/** A member's inbox, newest first, with each item's words as they stand now. */
export async function listInbox(userId: string, limit = INBOX_PAGE_SIZE): Promise<InboxEntry[]> {
  const rows = await inboxQuery(userId).orderBy(desc(inboxItems.createdAt), desc(inboxItems.id)).limit(limit);
  return rows.map(entryOf);
}

/** One entry of a member's inbox (someone else's id finds nothing). */
export async function findInboxEntry(userId: string, entryId: string): Promise<InboxEntry | undefined> {
  const [row] = await inboxQuery(userId, { entryId });
  return row ? entryOf(row) : undefined;
}

function entryOf(row: Awaited<ReturnType<typeof inboxQuery>>[number]): InboxEntry {
  return {
    id: row.item.id,
    kind: row.item.kind,
    groupId: row.item.groupId,
    groupName: row.groupName,
    sessionId: row.item.sessionId,
    sessionTitle: row.sessionTitle,
    scheduledAt: row.scheduledAt,
    actorName: row.actorName,
    subjectId: row.item.subjectId,
    excerpt: row.excerpt ?? "",
    createdAt: row.item.createdAt,
    read: row.item.readAt !== null,
  };
}

/** Beyond this many unread entries the count reads "99+". */
export const UNREAD_SHOWN = 99;

/** How many unread entries a member has, counted up to one more than UNREAD_SHOWN. */
export async function unreadInboxCount(userId: string): Promise<number> {
  return (await inboxQuery(userId, { unread: true }).limit(UNREAD_SHOWN + 1)).length;
}

/** Marks some of a member's entries read, or all of them when no ids are given. Someone else's ids change nothing. */
export async function markInboxRead(userId: string, ids?: string[], now = new Date()): Promise<void> {
  const mine = and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt));
  await db()
    .update(inboxItems)
    .set({ readAt: now })
    .where(ids ? and(mine, inArray(inboxItems.id, ids)) : mine);
}
