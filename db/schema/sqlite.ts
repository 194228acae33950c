import { sql } from "drizzle-orm";
import { inboxKinds } from "../../lib/inbox/kinds";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  username: text("username").notNull().unique(),
  displayName: text("display_name").notNull(),
  email: text("email").unique(),
  passwordHash: text("password_hash").notNull(),
  locale: text("locale", { enum: ["en", "es"] }),
  /** "guest": made by joining one session with a code and a name; it cannot sign in with a password. */
  kind: text("kind", { enum: ["account", "guest"] })
    .notNull()
    .default("account"),
  createdAt: createdAt(),
  /** Set when the person deleted their account; the row stays, nameless, under what they chose to keep. */
  deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
});

/**
 * One row per signed-in browser (an account's or a guest's): the session cookie names its id,
 * and a cookie whose row is gone no longer works, so deleting rows signs browsers out.
 */
export const authSessions = sqliteTable(
  "auth_sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** For a guest's browser (no account); set by the guest flow instead of user_id. */
    guestId: text("guest_id"),
    /** A short description of the browser, such as "Firefox on Android". */
    device: text("device").notNull().default(""),
    address: text("address"),
    createdAt: createdAt(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("auth_sessions_user").on(table.userId)],
);

/** Single-use links, made by a group owner and handed over in person, that let a member set a new password. */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** SHA-256 of the link's secret: the database never holds a usable link. */
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (table) => [index("password_resets_user").on(table.userId)],
);

export const groups = sqliteTable("groups", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  /** Days a session's thread, annotations and event log are kept after it ends; null keeps them for good. */
  retentionDays: integer("retention_days"),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});

export const memberships = sqliteTable(
  "memberships",
  {
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "facilitator", "member"] }).notNull(),
    joinedAt: integer("joined_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [primaryKey({ columns: [table.groupId, table.userId] }), index("memberships_user").on(table.userId)],
);

export const invites = sqliteTable("invites", {
  id: text("id").primaryKey(),
  groupId: text("group_id")
    .notNull()
    .references(() => groups.id, { onDelete: "cascade" }),
  token: text("token").notNull().unique(),
  role: text("role", { enum: ["facilitator", "member"] }).notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  maxUses: integer("max_uses").notNull(),
  uses: integer("uses").notNull().default(0),
  revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});

export const articles = sqliteTable(
  "articles",
  {
    id: text("id").primaryKey(),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    author: text("author").notNull().default(""),
    sourceName: text("source_name").notNull().default(""),
    sourceUrl: text("source_url").notNull().default(""),
    publishedOn: text("published_on").notNull().default(""),
    language: text("language").notNull().default(""),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (table) => [index("articles_group").on(table.groupId)],
);

/** The text of an article never changes under a session: an edit adds a version. */
export const articleVersions = sqliteTable(
  "article_versions",
  {
    id: text("id").primaryKey(),
    articleId: text("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    blocks: text("blocks", { mode: "json" }).notNull(),
    wordCount: integer("word_count").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("article_versions_number").on(table.articleId, table.version)],
);

/**
 * An article in another language, aligned paragraph by paragraph with the original
 * (lib/editions): `alignment` pairs the original's block ids with the edition's.
 */
export const articleEditions = sqliteTable(
  "article_editions",
  {
    id: text("id").primaryKey(),
    articleId: text("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    language: text("language").notNull(),
    title: text("title").notNull(),
    sourceUrl: text("source_url").notNull().default(""),
    blocks: text("blocks", { mode: "json" }).notNull(),
    wordCount: integer("word_count").notNull(),
    alignment: text("alignment", { mode: "json" }).notNull(),
    /** The version of the original the alignment was made against. */
    articleVersionId: text("article_version_id")
      .notNull()
      .references(() => articleVersions.id, { onDelete: "cascade" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [uniqueIndex("article_editions_language").on(table.articleId, table.language)],
);

/** The edition each member reads an article in (none: the original), and whether beside the original. */
export const editionChoices = sqliteTable(
  "edition_choices",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    articleId: text("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    editionId: text("edition_id").references(() => articleEditions.id, { onDelete: "cascade" }),
    sideBySide: integer("side_by_side", { mode: "boolean" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.articleId] })],
);

export const studySessions = sqliteTable(
  "study_sessions",
  {
    id: text("id").primaryKey(),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    articleId: text("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "restrict" }),
    articleVersionId: text("article_version_id")
      .notNull()
      .references(() => articleVersions.id, { onDelete: "restrict" }),
    title: text("title").notNull(),
    scheduledAt: integer("scheduled_at", { mode: "timestamp_ms" }).notNull(),
    status: text("status", { enum: ["planned", "live", "ended"] })
      .notNull()
      .default("planned"),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }),
    lastSeq: integer("last_seq").notNull().default(0),
    /** Short, human-friendly code shown on the projector; valid until the session ends. */
    joinCode: text("join_code").unique(),
    currentQuestionId: text("current_question_id"),
    currentStartedAt: integer("current_started_at", { mode: "timestamp_ms" }),
    focus: text("focus", { mode: "json" }),
    speakingUserId: text("speaking_user_id").references(() => users.id, { onDelete: "set null" }),
    speakingSince: integer("speaking_since", { mode: "timestamp_ms" }),
    /** When the group's retention removed the session's discussion (thread, annotations, event log) for good. */
    discussionRemovedAt: integer("discussion_removed_at", { mode: "timestamp_ms" }),
    /** Whether people without an account may join with the code (off by default). */
    guestsAllowed: integer("guests_allowed", { mode: "boolean" }).notNull().default(false),
    /** Whether arriving guests are let in at once, or wait for a facilitator. */
    guestsAdmittedAutomatically: integer("guests_admitted_automatically", { mode: "boolean" }).notNull().default(false),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    /** How many times the session was moved: calendar files carry it as SEQUENCE, so calendars update the event. */
    scheduleRevision: integer("schedule_revision").notNull().default(0),
  },
  (table) => [index("study_sessions_group").on(table.groupId, table.scheduledAt)],
);

/** Everything that happens in a study session, in order; see docs/protocol.md. */
export const sessionEvents = sqliteTable(
  "session_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: text("session_id")
      .notNull()
      .references(() => studySessions.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    clientOpId: text("client_op_id").notNull(),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    type: text("type").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    /** A fingerprint of the client's operation, to tell a resend from a reused id. */
    opDigest: text("op_digest").notNull().default(""),
    /** The member an author-only event belongs to (a private note, an answer not yet opened). */
    privateTo: text("private_to").references(() => users.id, { onDelete: "cascade" }),
    /** Who may see the event: everyone, its author, facilitators, or its author and facilitators. */
    audience: text("audience", { enum: ["everyone", "author", "facilitators", "author_and_facilitators"] })
      .notNull()
      .default("everyone"),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("session_events_seq").on(table.sessionId, table.seq), uniqueIndex("session_events_client_op").on(table.sessionId, table.clientOpId)],
);

/** The current state of every annotation (the log in session_events is the history). */
export const annotations = sqliteTable(
  "annotations",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => studySessions.id, { onDelete: "cascade" }),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    visibility: text("visibility", { enum: ["shared", "private"] }).notNull(),
    /** The edition the passage's offsets count in (article_editions.id); null for the original. */
    editionId: text("edition_id"),
    startOffset: integer("start_offset").notNull(),
    endOffset: integer("end_offset").notNull(),
    exact: text("exact").notNull(),
    prefix: text("prefix").notNull(),
    suffix: text("suffix").notNull(),
    body: text("body").notNull(),
    bodyHtml: text("body_html").notNull(),
    beforeMeeting: integer("before_meeting", { mode: "boolean" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    editedAt: integer("edited_at", { mode: "timestamp_ms" }),
    hiddenAt: integer("hidden_at", { mode: "timestamp_ms" }),
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    seq: integer("seq").notNull(),
  },
  (table) => [index("annotations_session").on(table.sessionId, table.startOffset)],
);

/** Replies in an annotation's thread. */
export const annotationReplies = sqliteTable(
  "annotation_replies",
  {
    id: text("id").primaryKey(),
    annotationId: text("annotation_id")
      .notNull()
      .references(() => annotations.id, { onDelete: "cascade" }),
    sessionId: text("session_id")
      .notNull()
      .references(() => studySessions.id, { onDelete: "cascade" }),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    bodyHtml: text("body_html").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    editedAt: integer("edited_at", { mode: "timestamp_ms" }),
    hiddenAt: integer("hidden_at", { mode: "timestamp_ms" }),
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    seq: integer("seq").notNull(),
  },
  (table) => [index("annotation_replies_annotation").on(table.annotationId), index("annotation_replies_session").on(table.sessionId)],
);

/** The session's discussion thread: messages with one level of replies. */
export const messages = sqliteTable(
  "messages",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => studySessions.id, { onDelete: "cascade" }),
    parentId: text("parent_id"),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    bodyHtml: text("body_html").notNull(),
    quote: text("quote", { mode: "json" }),
    mentions: text("mentions", { mode: "json" }).notNull(),
    reactions: text("reactions", { mode: "json" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    editedAt: integer("edited_at", { mode: "timestamp_ms" }),
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    seq: integer("seq").notNull(),
  },
  (table) => [index("messages_session").on(table.sessionId, table.createdAt)],
);

/** Questions: the facilitator's agenda (hidden until revealed) and members' parking lot. */
export const questions = sqliteTable(
  "questions",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => studySessions.id, { onDelete: "cascade" }),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    passage: text("passage", { mode: "json" }),
    timeBoxMinutes: integer("time_box_minutes"),
    answerFirst: integer("answer_first", { mode: "boolean" }).notNull(),
    answersOpen: integer("answers_open", { mode: "boolean" }).notNull(),
    place: text("place", { enum: ["agenda", "parking"] }).notNull(),
    position: real("position").notNull(),
    revealedAt: integer("revealed_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    seq: integer("seq").notNull(),
  },
  (table) => [index("questions_session").on(table.sessionId, table.position)],
);

/** Answers in a question's thread. */
export const answers = sqliteTable(
  "answers",
  {
    id: text("id").primaryKey(),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    sessionId: text("session_id")
      .notNull()
      .references(() => studySessions.id, { onDelete: "cascade" }),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    bodyHtml: text("body_html").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    editedAt: integer("edited_at", { mode: "timestamp_ms" }),
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    seq: integer("seq").notNull(),
  },
  (table) => [index("answers_question").on(table.questionId)],
);

/** Members waiting to speak, in the order they raised their hand. */
export const speakingQueue = sqliteTable(
  "speaking_queue",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => studySessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    raisedAt: integer("raised_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.sessionId, table.userId] })],
);

/** Passage polls: agree / disagree / not sure about a passage. */
export const polls = sqliteTable("polls", {
  id: text("id").primaryKey(),
  sessionId: text("session_id")
    .notNull()
    .references(() => studySessions.id, { onDelete: "cascade" }),
  passage: text("passage", { mode: "json" }).notNull(),
  open: integer("open", { mode: "boolean" }).notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

/** One vote per member per poll. */
export const pollVotes = sqliteTable(
  "poll_votes",
  {
    pollId: text("poll_id")
      .notNull()
      .references(() => polls.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    choice: text("choice", { enum: ["agree", "disagree", "unsure"] }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.pollId, table.userId] })],
);

/** A facilitator's private notes for a session. */
export const facilitatorNotes = sqliteTable(
  "facilitator_notes",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => studySessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.sessionId, table.userId] })],
);

/** Who was in a session's room while it was live (presence itself is not logged; this is the roll call). */
export const sessionAttendance = sqliteTable(
  "session_attendance",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => studySessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    firstSeenAt: integer("first_seen_at", { mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.sessionId, table.userId] })],
);

/** The guests of a session: who asked to join with the code, and whether they are in. */
export const sessionGuests = sqliteTable(
  "session_guests",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => studySessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["waiting", "admitted", "removed"] }).notNull(),
    arrivedAt: integer("arrived_at", { mode: "timestamp_ms" }).notNull(),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
  },
  (table) => [primaryKey({ columns: [table.sessionId, table.userId] }), index("session_guests_user").on(table.userId)],
);

/**
 * What full-text search finds: one row per searchable item (an article paragraph, an
 * annotation's comment, a reply, …), kept current by triggers on the source tables and
 * indexed by the FTS5 table `search_index` (db/migrations, hand-written). See db/search.ts.
 */
export const searchEntries = sqliteTable(
  "search_entries",
  {
    id: integer("id").primaryKey(),
    /** Which kind of item: "article", "annotation", "reply" (later "message", "question"). */
    source: text("source").notNull(),
    sourceId: text("source_id").notNull(),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    articleId: text("article_id"),
    sessionId: text("session_id"),
    authorId: text("author_id"),
    /** Set when only this user may find the item (their private note and its thread). */
    privateTo: text("private_to"),
    /** Where a hit opens: a block id for article text, an item id otherwise. */
    locator: text("locator").notNull(),
    /** Offset in the article's canonical text, when the item points at a passage. */
    position: integer("position"),
    /** The article edition (article_editions.id) the text, or the passage the position counts in, belongs to; null for the original. */
    editionId: text("edition_id"),
    title: text("title").notNull().default(""),
    body: text("body").notNull(),
    /** Shown beside a hit, not searched: the quoted passage of an annotation or reply. */
    context: text("context").notNull().default(""),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  // By locator: the indexer finds a changed annotation's replies (a question's answers) without reading every reply's entry.
  (table) => [
    uniqueIndex("search_entries_source").on(table.source, table.sourceId),
    index("search_entries_group").on(table.groupId),
    index("search_entries_locator").on(table.source, table.locator),
  ],
);

/**
 * One thing a member is told about (lib/inbox/kinds.ts). It keeps ids, not words: the inbox
 * shows the item's current text, so an edited, hidden or deleted comment never lingers here.
 */
export const inboxItems = sqliteTable(
  "inbox_items",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: inboxKinds }).notNull(),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    sessionId: text("session_id").references(() => studySessions.id, { onDelete: "cascade" }),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    /** The reply, message or question it is about. */
    subjectId: text("subject_id"),
    /** The session event that caused it: the live server finds whom to tell by it. */
    seq: integer("seq"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
  },
  (table) => [index("inbox_items_user").on(table.userId, table.createdAt), index("inbox_items_event").on(table.sessionId, table.seq)],
);

/** A member's private calendar feed: only a hash of its secret address is kept; a new address revokes the old one. */
export const calendarFeeds = sqliteTable("calendar_feeds", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: createdAt(),
});

/** The owner's log of who joined, left, was removed, promoted or demoted in a group, by whom and when. */
export const membershipChanges = sqliteTable(
  "membership_changes",
  {
    id: text("id").primaryKey(),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    /** The member the change is about (null once their account is gone). */
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    /** Who made the change (null: the member themself through an invite, a restore, or an account since gone). */
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    change: text("change", { enum: ["joined", "left", "removed", "promoted", "demoted"] }).notNull(),
    /** The role after the change (for left and removed: the role they had). */
    role: text("role", { enum: ["owner", "facilitator", "member"] }).notNull(),
    previousRole: text("previous_role", { enum: ["owner", "facilitator", "member"] }),
    createdAt: createdAt(),
  },
  (table) => [index("membership_changes_group").on(table.groupId, table.createdAt)],
);

/** Each time the group's retention removed sessions' discussions: what the archive says was removed and when. */
export const retentionRemovals = sqliteTable(
  "retention_removals",
  {
    id: text("id").primaryKey(),
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    sessions: integer("sessions").notNull(),
    retentionDays: integer("retention_days").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("retention_removals_group").on(table.groupId, table.createdAt)],
);

/**
 * Items whose search entries are out of date: the triggers on each source table note an item
 * here in the same transaction as its change (cheap: one small row), and the search indexer
 * (db/search-index.ts) derives their entries again in batches, about once a second, then
 * deletes the rows it handled. Until then search leaves out the item's old entry, so words
 * that were hidden, deleted or edited away are never found, even for that second.
 */
export const searchPending = sqliteTable(
  "search_pending",
  {
    id: integer("id").primaryKey(),
    /** Which kind of item (db/search.ts `searchSources`). */
    source: text("source").notNull(),
    /** The item's id; for article text, the article's. */
    sourceId: text("source_id").notNull(),
  },
  (table) => [index("search_pending_item").on(table.source, table.sourceId)],
);
