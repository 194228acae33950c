import { randomUUID } from "node:crypto";
import { and, count, eq, inArray, ne } from "drizzle-orm";
import { AppError } from "../lib/errors";
import { db, transaction } from "./client";
import {
  annotationReplies,
  annotations,
  answers,
  articles,
  authSessions,
  facilitatorNotes,
  groups,
  memberships,
  messages,
  passwordResets,
  questions,
  sessionEvents,
  speakingQueue,
  studySessions,
  users,
} from "./schema";

/** Everything a person may take away about themselves: their profile, memberships and what they wrote, never anyone else's private items. */
export type AccountData = {
  exportedAt: string;
  profile: { username: string; displayName: string; email: string | null; locale: string | null; createdAt: string };
  memberships: { group: string; role: string; joinedAt: string }[];
  annotations: { session: string; article: string; kind: string; visibility: string; passage: string; comment: string; createdAt: string; editedAt: string | null }[];
  replies: { session: string; body: string; createdAt: string; editedAt: string | null }[];
  messages: { session: string; body: string; createdAt: string; editedAt: string | null }[];
  questions: { session: string; text: string; createdAt: string }[];
  answers: { session: string; body: string; createdAt: string }[];
  facilitatorNotes: { session: string; body: string; updatedAt: string }[];
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A person's own data, for the account page's download. Deleted items are left out. */
export async function exportAccountData(userId: string): Promise<AccountData> {
  const [profile] = await db()
    .select({ username: users.username, displayName: users.displayName, email: users.email, locale: users.locale, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!profile) throw new AppError("NOT_FOUND", "There is no such account.");
  const member = await db()
    .select({ group: groups.name, role: memberships.role, joinedAt: memberships.joinedAt })
    .from(memberships)
    .innerJoin(groups, eq(groups.id, memberships.groupId))
    .where(eq(memberships.userId, userId));
  const notes = await db()
    .select({ session: studySessions.title, article: articles.title, row: annotations })
    .from(annotations)
    .innerJoin(studySessions, eq(studySessions.id, annotations.sessionId))
    .innerJoin(articles, eq(articles.id, studySessions.articleId))
    .where(eq(annotations.authorId, userId));
  const replies = await db()
    .select({ session: studySessions.title, row: annotationReplies })
    .from(annotationReplies)
    .innerJoin(studySessions, eq(studySessions.id, annotationReplies.sessionId))
    .where(eq(annotationReplies.authorId, userId));
  const said = await db()
    .select({ session: studySessions.title, row: messages })
    .from(messages)
    .innerJoin(studySessions, eq(studySessions.id, messages.sessionId))
    .where(eq(messages.authorId, userId));
  const asked = await db()
    .select({ session: studySessions.title, row: questions })
    .from(questions)
    .innerJoin(studySessions, eq(studySessions.id, questions.sessionId))
    .where(eq(questions.authorId, userId));
  const answered = await db()
    .select({ session: studySessions.title, row: answers })
    .from(answers)
    .innerJoin(studySessions, eq(studySessions.id, answers.sessionId))
    .where(eq(answers.authorId, userId));
  const prepared = await db()
    .select({ session: studySessions.title, row: facilitatorNotes })
    .from(facilitatorNotes)
    .innerJoin(studySessions, eq(studySessions.id, facilitatorNotes.sessionId))
    .where(eq(facilitatorNotes.userId, userId));
  return {
    exportedAt: new Date().toISOString(),
    profile: { ...profile, createdAt: profile.createdAt.toISOString() },
    memberships: member.map((row) => ({ group: row.group, role: row.role, joinedAt: row.joinedAt.toISOString() })),
    annotations: notes
      .filter(({ row }) => !row.deletedAt)
      .map(({ session, article, row }) => ({
        session,
        article,
        kind: row.kind,
        visibility: row.visibility,
        passage: row.exact,
        comment: row.body,
        createdAt: row.createdAt.toISOString(),
        editedAt: iso(row.editedAt),
      })),
    replies: replies
      .filter(({ row }) => !row.deletedAt)
      .map(({ session, row }) => ({ session, body: row.body, createdAt: row.createdAt.toISOString(), editedAt: iso(row.editedAt) })),
    messages: said
      .filter(({ row }) => !row.deletedAt)
      .map(({ session, row }) => ({ session, body: row.body, createdAt: row.createdAt.toISOString(), editedAt: iso(row.editedAt) })),
    questions: asked.filter(({ row }) => !row.deletedAt).map(({ session, row }) => ({ session, text: row.text, createdAt: row.createdAt.toISOString() })),
    answers: answered.filter(({ row }) => !row.deletedAt).map(({ session, row }) => ({ session, body: row.body, createdAt: row.createdAt.toISOString() })),
    facilitatorNotes: prepared.map(({ session, row }) => ({ session, body: row.body, updatedAt: row.updatedAt.toISOString() })),
  };
}

/**
 * Deletes an account. What they shared stays, under `formerName` ("a former member" in their
 * language), unless `removeContributions`: then their annotations, replies, messages and answers
 * are deleted too, their words blanked. Private notes, memberships, sessions and reset links go
 * in any case; groups where they were the only member go with them. Refused (changing nothing)
 * while they are the last owner of a group that has other members. Answers the ended sign-in
 * session ids, so the caller can close their live connections.
 */
export async function deleteAccount(userId: string, options: { removeContributions: boolean; formerName: string }): Promise<{ endedSessions: string[] }> {
  return transaction(async (tx) => {
    const owned = await tx
      .select({ groupId: memberships.groupId, name: groups.name })
      .from(memberships)
      .innerJoin(groups, eq(groups.id, memberships.groupId))
      .where(and(eq(memberships.userId, userId), eq(memberships.role, "owner")));
    const soloGroups: string[] = [];
    for (const group of owned) {
      const [others] = await tx
        .select({ n: count() })
        .from(memberships)
        .where(and(eq(memberships.groupId, group.groupId), ne(memberships.userId, userId)));
      const [otherOwners] = await tx
        .select({ n: count() })
        .from(memberships)
        .where(and(eq(memberships.groupId, group.groupId), eq(memberships.role, "owner"), ne(memberships.userId, userId)));
      if (!others?.n) soloGroups.push(group.groupId);
      else if (!otherOwners?.n) throw new AppError("LAST_OWNER", `You are the only owner of "${group.name}". Make someone else owner first.`, { group: group.name });
    }
    if (soloGroups.length > 0) {
      // Sessions first: they hold on to article versions, which the group's articles would take along.
      await tx.delete(studySessions).where(inArray(studySessions.groupId, soloGroups));
      await tx.delete(groups).where(inArray(groups.id, soloGroups));
    }

    const now = new Date();
    await tx.delete(annotations).where(and(eq(annotations.authorId, userId), eq(annotations.visibility, "private")));
    await tx.delete(sessionEvents).where(eq(sessionEvents.privateTo, userId));
    await tx.delete(facilitatorNotes).where(eq(facilitatorNotes.userId, userId));
    await tx.delete(speakingQueue).where(eq(speakingQueue.userId, userId));
    await tx.delete(memberships).where(eq(memberships.userId, userId));
    await tx.delete(passwordResets).where(eq(passwordResets.userId, userId));
    if (options.removeContributions) {
      const gone = { body: "", bodyHtml: "", deletedAt: now };
      await tx.update(annotations).set(gone).where(eq(annotations.authorId, userId));
      await tx.update(annotationReplies).set(gone).where(eq(annotationReplies.authorId, userId));
      await tx.update(messages).set(gone).where(eq(messages.authorId, userId));
      await tx.update(answers).set(gone).where(eq(answers.authorId, userId));
    }
    const ended = await tx.delete(authSessions).where(eq(authSessions.userId, userId)).returning({ id: authSessions.id });
    await tx
      .update(users)
      .set({ username: `former-${randomUUID()}`, displayName: options.formerName, email: null, passwordHash: "!", locale: null, deletedAt: now })
      .where(eq(users.id, userId));
    return { endedSessions: ended.map((row) => row.id) };
  });
}
