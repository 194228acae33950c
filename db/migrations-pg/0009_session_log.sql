-- One round trip where an operation took two (db/session-log-postgres.ts): lock the session's
-- log and find the event its operation id already made, if any. It is a function, not one
-- statement, for the snapshot: under READ COMMITTED a statement sees only what was committed
-- when it began, so a lookup in the same statement as a lock that waited would miss the event
-- the lock's holder (another node, the same resend) just committed. In a volatile function each
-- statement takes a new snapshot, so the lookup runs after the lock and sees it. No row when the
-- session does not exist; the prev_ columns are null when the operation id is new.
CREATE OR REPLACE FUNCTION session_log_open(p_session text, p_client_op text)
RETURNS TABLE (
  last_seq integer,
  prev_seq integer,
  prev_actor_id text,
  prev_type text,
  prev_payload json,
  prev_op_digest text,
  prev_private_to text,
  prev_audience text,
  prev_created_at timestamp(3) with time zone
) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  locked integer;
BEGIN
  SELECT s.last_seq INTO locked FROM study_sessions s WHERE s.id = p_session FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT locked, e.seq, e.actor_id, e.type, e.payload, e.op_digest, e.private_to, e.audience, e.created_at
    FROM (SELECT 1) AS one
    LEFT JOIN session_events e ON e.session_id = p_session AND e.client_op_id = p_client_op;
END $$;
