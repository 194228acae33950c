import { sql } from "drizzle-orm";
import { rawRows } from "./client";
import { jsonField } from "./dialect";

/** One past session as the group's archive lists it. */
export type ArchivedSession = {
  id: string;
  title: string;
  scheduledAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  articleTitle: string;
  facilitatorName: string | null;
  participants: number;
  annotations: number;
  replies: number;
  messages: number;
  /** When the group's retention removed the session's discussion, if it did. */
  discussionRemovedAt: Date | null;
};

type Row = {
  id: string;
  title: string;
  scheduled_at: number | Date;
  started_at: number | Date | null;
  ended_at: number | Date | null;
  article_title: string;
  facilitator_name: string | null;
  participants: number;
  annotations: number;
  replies: number;
  messages: number;
  discussion_removed_at: number | Date | null;
};

/** A page of a group's ended sessions, newest first, with their counts; and how many there are in all. */
export async function listArchive(groupId: string, page: number, pageSize = 10): Promise<{ sessions: ArchivedSession[]; total: number; pages: number; page: number }> {
  const [counted] = await rawRows<{ n: number }>(sql`SELECT cast(count(*) AS integer) AS n FROM study_sessions WHERE group_id = ${groupId} AND status = 'ended'`);
  const total = counted?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const rows = await rawRows<Row>(sql`
    SELECT s.id, s.title, s.scheduled_at, s.started_at, s.ended_at, s.discussion_removed_at, a.title AS article_title,
      coalesce(
        (SELECT u.display_name FROM session_events AS e JOIN users AS u ON u.id = e.actor_id
          WHERE e.session_id = s.id AND e.type = 'session.status' AND ${jsonField(sql.raw("e.payload"), "status")} = 'live' ORDER BY e.seq LIMIT 1),
        (SELECT u.display_name FROM users AS u WHERE u.id = s.created_by)) AS facilitator_name,
      (SELECT cast(count(*) AS integer) FROM (
        SELECT user_id FROM session_attendance WHERE session_id = s.id
        UNION SELECT actor_id FROM session_events WHERE session_id = s.id AND private_to IS NULL AND actor_id IS NOT NULL) AS people) AS participants,
      (SELECT cast(count(*) AS integer) FROM annotations WHERE session_id = s.id AND visibility = 'shared' AND deleted_at IS NULL) AS annotations,
      (SELECT cast(count(*) AS integer) FROM annotation_replies AS r JOIN annotations AS an ON an.id = r.annotation_id
        WHERE r.session_id = s.id AND an.visibility = 'shared' AND an.deleted_at IS NULL AND r.deleted_at IS NULL) AS replies,
      (SELECT cast(count(*) AS integer) FROM messages WHERE session_id = s.id AND deleted_at IS NULL) AS messages
    FROM study_sessions AS s JOIN articles AS a ON a.id = s.article_id
    WHERE s.group_id = ${groupId} AND s.status = 'ended'
    ORDER BY coalesce(s.ended_at, s.scheduled_at) DESC, s.id
    LIMIT ${pageSize} OFFSET ${(current - 1) * pageSize}`);
  return {
    sessions: rows.map((row) => ({
      id: row.id,
      title: row.title,
      scheduledAt: new Date(row.scheduled_at),
      startedAt: row.started_at === null ? null : new Date(row.started_at),
      endedAt: row.ended_at === null ? null : new Date(row.ended_at),
      articleTitle: row.article_title,
      facilitatorName: row.facilitator_name,
      participants: row.participants,
      annotations: row.annotations,
      replies: row.replies,
      messages: row.messages,
      discussionRemovedAt: row.discussion_removed_at === null ? null : new Date(row.discussion_removed_at),
    })),
    total,
    pages,
    page: current,
  };
}
