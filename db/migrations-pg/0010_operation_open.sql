-- One statement where an operation took two (db/session-log-postgres.ts): lock the session's log,
-- read what the operation needs of the session with the sender's role in it, and find whether
-- its operation id already made an event. The role is the one `roleInSession` answers: the
-- sender's role in the session's group, else "guest" while they are an admitted guest of a
-- session that has not ended. As in session_log_open (0009), every read after the lock is a
-- statement of its own, so it sees what the lock's last holder committed. No row when the
-- session does not exist; prev_seq is null when the operation id is new.
CREATE OR REPLACE FUNCTION session_operation_open(p_session text, p_user text, p_client_op text)
RETURNS TABLE (
  group_id text,
  status text,
  article_id text,
  article_version_id text,
  role text,
  last_seq integer,
  prev_seq integer
) LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  s record;
BEGIN
  SELECT st.group_id, st.status, st.article_id, st.article_version_id, st.last_seq INTO s
  FROM study_sessions st WHERE st.id = p_session FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  RETURN QUERY SELECT
    s.group_id,
    s.status,
    s.article_id,
    s.article_version_id,
    COALESCE(
      (SELECT m.role FROM memberships m WHERE m.group_id = s.group_id AND m.user_id = p_user),
      (SELECT 'guest'::text FROM session_guests g
        WHERE g.session_id = p_session AND g.user_id = p_user AND g.status = 'admitted' AND s.status <> 'ended')
    ),
    s.last_seq,
    (SELECT e.seq FROM session_events e WHERE e.session_id = p_session AND e.client_op_id = p_client_op);
END $$;
