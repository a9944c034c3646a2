package uk.ac.mim.staging;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The students a copy could not take whole in its latest run (a broken key, a NUL…): their staging rows are
 * missing or incomplete, so no publisher may read their absence as "gone". Every publisher holds them for the
 * cycle (no removal of any kind) and names them in its report with the copy's reason.
 */
@Component
public class HeldStudents {

    private final JdbcTemplate jdbc;

    public HeldStudents(JdbcTemplate stagingJdbc) {
        this.jdbc = stagingJdbc;
    }

    /** Student code → why it is held ("<copy>: <reason>"), from the latest run of each copy. */
    public Map<String, String> current() {
        Map<String, String> held = new TreeMap<>();
        jdbc.query("SELECT r.student_code, r.feed_id, r.reason FROM mim_rejected_row r"
                + " JOIN mim_feed_run f ON f.run_id = r.run_id"
                + " WHERE r.student_code IS NOT NULL"
                + " AND f.started_at = (SELECT MAX(g.started_at) FROM mim_feed_run g WHERE g.feed_id = f.feed_id)"
                + " ORDER BY r.id", rs -> {
            held.merge(rs.getString(1), rs.getString(2) + ": " + rs.getString(3), (a, b) -> a + "; " + b);
        });
        return held;
    }

    /** The report line of a held student. */
    public static String line(String code, String why, String whatWasKept) {
        return code + ": held, " + whatWasKept + " (a copy rejected this student's row: " + why + ")";
    }
}
