-- session_log_open (0009) opened the session's log for an operation; session_operation_open
-- (0010) does that and reads the sender's role in the same call, and nothing calls the older one.
DROP FUNCTION IF EXISTS session_log_open(text, text);
