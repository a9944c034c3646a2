package uk.ac.mim.moodle;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import uk.ac.mim.staging.SqlResources;
import uk.ac.mim.staging.StagingReader;
import uk.ac.mim.staging.StudentCodes;

/**
 * What Moodle has now, read from the replica snapshot in the staging database: courses, accounts and
 * IMS-owned enrolments, streamed (a large university has hundreds of thousands of each) so that a feed
 * keeps only what it looks up. Feed-agnostic: the feeds decide what to do with it.
 */
public final class ReplicaState {

    private ReplicaState() {
    }

    public record Course(long id, String idnumber, String shortname, String fullname, String category) { }

    public record User(long id, String username, String idnumber, String firstname, String lastname, String email) { }

    /** One IMS-owned enrolment: status 0 active, 1 suspended. */
    public record Enrolment(long courseId, long userId, boolean active) { }

    /** Moodle's courses by id. */
    public static Map<Long, Course> courses(StagingReader reader, SqlResources sql) {
        Map<Long, Course> out = new HashMap<>();
        reader.query(sql.query("moodle/state/courses.sql"), rs -> {
            Course c = new Course(rs.getLong("id"), rs.getString("idnumber"), rs.getString("shortname"),
                    rs.getString("fullname"), rs.getString("category"));
            out.put(c.id(), c);
        });
        return out;
    }

    /** Moodle's IMS enrolments, in course order (an editable .sql resource). */
    public static final String IMS_ENROLMENTS = "moodle/state/ims-enrolments.sql";

    /** Streams the IMS-owned enrolments, holding none: a large university has hundreds of thousands. */
    public static void forEachImsEnrolment(StagingReader reader, SqlResources sql, Consumer<Enrolment> action) {
        reader.query(sql.query(IMS_ENROLMENTS), rs -> action.accept(enrolment(rs)));
    }

    /** The same enrolments as a cursor, in course order, for a planner that reads them course by course. */
    public static StagingReader.Cursor<Enrolment> openImsEnrolments(StagingReader reader, SqlResources sql) {
        return reader.open(sql.query(IMS_ENROLMENTS), (rs, i) -> enrolment(rs));
    }

    private static Enrolment enrolment(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Enrolment(rs.getLong("courseid"), rs.getLong("userid"), rs.getLong("status") == 0);
    }

    /** Streams the (non-deleted) accounts, holding none. */
    public static void forEachUser(StagingReader reader, SqlResources sql, Consumer<User> action) {
        reader.query(sql.query("moodle/state/users.sql"), rs -> action.accept(new User(rs.getLong("id"),
                rs.getString("username"), rs.getString("idnumber"), rs.getString("firstname"), rs.getString("lastname"),
                rs.getString("email"))));
    }

    /**
     * The account for a student, as Moodle's IMS import finds it: the first by idnumber (normalised student
     * code), else the first by username. One pass over the accounts, holding none.
     */
    public static Optional<User> accountFor(StagingReader reader, SqlResources sql, int studentCodeWidth, String studentCode,
                                            String username) {
        User[] found = new User[2]; // by idnumber, by username
        String name = username == null ? null : username.toLowerCase(Locale.ROOT);
        forEachUser(reader, sql, u -> {
            if (found[0] == null && studentCode != null && studentCode.equals(StudentCodes.normalise(u.idnumber(), studentCodeWidth))) {
                found[0] = u;
            }
            if (found[1] == null && name != null && u.username() != null && name.equals(u.username().toLowerCase(Locale.ROOT))) {
                found[1] = u;
            }
        });
        return Optional.ofNullable(found[0] != null ? found[0] : found[1]);
    }
}
