-- Issue 18: the administrators' board merges duplicates. A merged report or idea points at the
-- one it joins, follows its status and answer from then on, and counts as one more voice
-- for it (the board's vote count: 1 + the duplicates merged into it).
ALTER TABLE feedback ADD COLUMN merged_into TEXT REFERENCES feedback (id);
CREATE INDEX feedback_merged ON feedback (merged_into);
CREATE INDEX feedback_board_created ON feedback (created_at);
