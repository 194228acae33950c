import { engineName } from "./engine";
import * as postgres from "./schema/postgres";
import * as sqlite from "./schema/sqlite";

// The two schemas name every table and column alike (db/schema.test.ts holds them in step), so
// query code is written once, typed by the SQLite schema, and runs on the tables of the engine
// this process uses. Each engine keeps its own migrations folder.
const tables = (engineName() === "postgres" ? postgres : sqlite) as unknown as typeof sqlite;

export const {
  users,
  authSessions,
  passwordResets,
  groups,
  memberships,
  invites,
  articles,
  articleVersions,
  articleEditions,
  editionChoices,
  studySessions,
  sessionEvents,
  annotations,
  annotationReplies,
  messages,
  questions,
  answers,
  speakingQueue,
  polls,
  pollVotes,
  facilitatorNotes,
  sessionAttendance,
  sessionGuests,
  searchEntries,
  inboxItems,
  calendarFeeds,
  membershipChanges,
  retentionRemovals,
  searchPending,
} = tables;
