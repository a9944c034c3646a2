-- Items a run did not send because they are waiting for something outside it (a group member not enrolled
-- in the course yet, a tutor no feed enrols): not wrong, so not counted as rejected.
ALTER TABLE mim_feed_run ADD COLUMN rows_waiting BIGINT;
