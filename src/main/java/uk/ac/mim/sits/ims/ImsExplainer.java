package uk.ac.mim.sits.ims;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.moodle.ReplicaState;
import uk.ac.mim.sits.SitsProperties;
import uk.ac.mim.staging.SqlResources;
import uk.ac.mim.staging.StagingReader;
import uk.ac.mim.staging.StudentCodes;

/**
 * "Why is this student in that course?": the mapping rules that want the student there (the same SQL
 * resources the feed runs), what Moodle has now, and what the next run of sits-ims-enrolments will do.
 */
@Component
public class ImsExplainer {

    public record Explanation(String studentCode, String username, String courseIdnumber, Long courseId, List<String> rules,
                              String moodleAccount, String moodleEnrolment, String courseState, String nextRun) { }

    private final JdbcTemplate jdbc;
    private final StagingReader reader;
    private final NamedParameterJdbcTemplate named;
    private final SqlResources sql;
    private final MimProperties props;
    private final SitsProperties sits;

    public ImsExplainer(JdbcTemplate stagingJdbc, StagingReader reader, SqlResources sql, MimProperties props, SitsProperties sits) {
        this.jdbc = stagingJdbc;
        this.reader = reader;
        this.named = new NamedParameterJdbcTemplate(stagingJdbc);
        this.sql = sql;
        this.props = props;
        this.sits = sits;
    }

    public Explanation explain(String student, String courseIdnumber) {
        int width = props.getStudentCodeWidth();
        String who = student == null ? "" : student.strip();
        List<String[]> found = jdbc.query("SELECT stu_code, username FROM ucl_bdo_v_moodle_student_dump WHERE stu_code = ?"
                        + " OR LOWER(username) = ?", (rs, i) -> new String[] {rs.getString(1), rs.getString(2)},
                StudentCodes.normalise(who, width), who.toLowerCase(Locale.ROOT));
        String code = found.isEmpty() ? StudentCodes.normalise(who, width) : StudentCodes.normalise(found.get(0)[0], width);
        String username = found.isEmpty() ? null : found.get(0)[1];
        List<Long> courseIds = jdbc.queryForList("SELECT id FROM moodle_course_dump WHERE idnumber = ?", Long.class, courseIdnumber);
        Long courseId = courseIds.isEmpty() ? null : courseIds.get(0);
        if (courseId == null) {
            return new Explanation(code, username, courseIdnumber, null, List.of(), "-", "-",
                    "no Moodle course has idnumber " + courseIdnumber, "nothing: the IMS file cannot address it");
        }
        List<String> rules = new ArrayList<>();
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("ayr", props.getAcademicYear())
                .addValue("enrolment_statuses", sits.getEligibleEnrolmentStatuses())
                .addValue("course_join_statuses", sits.getEligibleCourseJoinStatuses());
        for (String rule : ImsPlanner.RULES) {
            named.query(sql.query("sits/desired/" + rule + ".sql"), params, rs -> {
                if (rs.getLong("vle_courseid") == courseId && code != null
                        && code.equals(StudentCodes.normalise(rs.getString("stu_code"), width))) {
                    rules.add(rs.getString("rule"));
                }
            });
        }
        Optional<ReplicaState.User> account = code == null ? Optional.empty()
                : ReplicaState.accountFor(reader, sql, width, code, username);
        String accountText = account.map(u -> "user " + u.id() + " (" + u.username() + ", idnumber '"
                + (u.idnumber() == null ? "" : u.idnumber()) + "')").orElse("no account by idnumber or username");
        Boolean[] active = {null};
        account.ifPresent(u -> ReplicaState.forEachImsEnrolment(reader, sql, e -> {
            if (active[0] == null && e.courseId() == courseId && e.userId() == u.id()) {
                active[0] = e.active();
            }
        }));
        String enrolment = active[0] == null ? "not enrolled by IMS" : active[0] ? "enrolled by IMS (active)" : "enrolled by IMS but suspended";
        List<Object[]> managed = jdbc.query(sql.query("sits/managed-courses.sql"), (rs, i) -> new Object[] {
                rs.getLong("vle_courseid"), rs.getInt("frozen")}).stream().filter(r -> ((Long) r[0]) == courseId).toList();
        String state = managed.isEmpty() ? "not managed (no mapping)" : ((Integer) managed.get(0)[1]) == 1
                ? "frozen (mapping_active N)" : "managed";
        String next;
        boolean desired = !rules.isEmpty();
        if (!state.equals("managed")) {
            next = "nothing: the course is " + state;
        } else if (desired && active[0] == null) {
            next = "enrol (status 1)";
        } else if (desired && !active[0]) {
            next = "nothing: desired, but the suspended enrolment is only reported (a file cannot reactivate it)";
        } else if (!desired && Boolean.TRUE.equals(active[0])) {
            next = "unenrol (status 0), unless the shrink guard blocks the run";
        } else {
            next = "nothing: Moodle already matches";
        }
        return new Explanation(code, username, courseIdnumber, courseId, rules, accountText, enrolment, state, next);
    }
}
