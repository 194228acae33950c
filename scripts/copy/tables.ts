import type { PgTable } from "drizzle-orm/pg-core";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import * as postgres from "../../db/schema/postgres";
import * as sqlite from "../../db/schema/sqlite";

/** One table the copy moves: the same name and columns on both engines. */
export type CopiedTable = {
  name: string;
  source: SQLiteTable;
  target: PgTable;
  /** Rows per INSERT: fewer for tables whose rows are large (whole articles). */
  batch: number;
};

const rows = 500;

/**
 * Every table of the instance, parents before children, so each row's foreign keys already
 * hold when it is inserted. Left out on purpose:
 * - search_entries and search_pending: derived; the PostgreSQL triggers note the rows below as
 *   they go in, and the copy derives their search entries before it commits;
 * - sign_in_failures_* and join_code_failures_*: rate-limiter counters that expire within
 *   15 minutes (created by rate-limiter-flexible, not by the migrations);
 * - __drizzle_migrations: each engine keeps its own history.
 * A new table in db/schema adds one line here (the copy refuses to run while one is missing).
 */
export const copiedTables: CopiedTable[] = [
  { name: "users", source: sqlite.users, target: postgres.users, batch: rows },
  { name: "auth_sessions", source: sqlite.authSessions, target: postgres.authSessions, batch: rows },
  { name: "password_resets", source: sqlite.passwordResets, target: postgres.passwordResets, batch: rows },
  { name: "auth_sessions", source: sqlite.authSessions, target: postgres.authSessions, batch: rows },
  { name: "password_resets", source: sqlite.passwordResets, target: postgres.passwordResets, batch: rows },
  { name: "groups", source: sqlite.groups, target: postgres.groups, batch: rows },
  { name: "memberships", source: sqlite.memberships, target: postgres.memberships, batch: rows },
  { name: "invites", source: sqlite.invites, target: postgres.invites, batch: rows },
  { name: "articles", source: sqlite.articles, target: postgres.articles, batch: rows },
  { name: "article_versions", source: sqlite.articleVersions, target: postgres.articleVersions, batch: 20 },
  { name: "article_editions", source: sqlite.articleEditions, target: postgres.articleEditions, batch: 20 },
  { name: "edition_choices", source: sqlite.editionChoices, target: postgres.editionChoices, batch: rows },
  { name: "study_sessions", source: sqlite.studySessions, target: postgres.studySessions, batch: rows },
  { name: "session_events", source: sqlite.sessionEvents, target: postgres.sessionEvents, batch: rows },
  { name: "annotations", source: sqlite.annotations, target: postgres.annotations, batch: rows },
  { name: "annotation_replies", source: sqlite.annotationReplies, target: postgres.annotationReplies, batch: rows },
  { name: "messages", source: sqlite.messages, target: postgres.messages, batch: rows },
  { name: "questions", source: sqlite.questions, target: postgres.questions, batch: rows },
  { name: "answers", source: sqlite.answers, target: postgres.answers, batch: rows },
  { name: "speaking_queue", source: sqlite.speakingQueue, target: postgres.speakingQueue, batch: rows },
  { name: "polls", source: sqlite.polls, target: postgres.polls, batch: rows },
  { name: "poll_votes", source: sqlite.pollVotes, target: postgres.pollVotes, batch: rows },
  { name: "facilitator_notes", source: sqlite.facilitatorNotes, target: postgres.facilitatorNotes, batch: rows },
  { name: "session_attendance", source: sqlite.sessionAttendance, target: postgres.sessionAttendance, batch: rows },
  { name: "inbox_items", source: sqlite.inboxItems, target: postgres.inboxItems, batch: rows },
  { name: "calendar_feeds", source: sqlite.calendarFeeds, target: postgres.calendarFeeds, batch: rows },
  { name: "membership_changes", source: sqlite.membershipChanges, target: postgres.membershipChanges, batch: rows },
  { name: "retention_removals", source: sqlite.retentionRemovals, target: postgres.retentionRemovals, batch: rows },
  { name: "session_guests", source: sqlite.sessionGuests, target: postgres.sessionGuests, batch: rows },
];

/** Tables in the schema the copy does not move row by row (see above). */
export const derivedTables = ["search_entries", "search_pending"];

/** Every table of the app's schema, copied or derived: none may hold rows in the target. */
export const appTables = [...copiedTables.map((table) => table.name), ...derivedTables];
