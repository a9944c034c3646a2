-- The student a copy's rejected row belongs to (docs/reliability.md, held students): every publisher holds
-- that student for the cycle (no removal of any kind) and names them in its report with the copy's reason.
ALTER TABLE mim_rejected_row ADD COLUMN student_code VARCHAR(12);
