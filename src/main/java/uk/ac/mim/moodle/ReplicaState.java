package uk.ac.mim.moodle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import uk.ac.mim.staging.SqlResources;
import uk.ac.mim.staging.StagingReader;
import uk.ac.mim.staging.StudentCodes;

/**
 * What Moodle has now, read from the replica snapshot in the staging database: courses, accounts and
 * IMS-owned enrolments. Feed-agnostic: the feeds decide what to do with it.
 */
public final class ReplicaState {

    public record Course(long id, String idnumber, String shortname, String fullname, String category) { }

    public record User(long id, String username, String idnumber, String firstname, String lastname, String email) { }

    /** One IMS-owned enrolment: status 0 active, 1 suspended. */
    public record Enrolment(long courseId, long userId, boolean active) { }

    private final Map<Long, Course> courses = new HashMap<>();
    private final Map<Long, User> users = new HashMap<>();
    private final Map<String, User> byIdnumber = new HashMap<>();
    private final Map<String, User> byUsername = new HashMap<>();
    private final List<Enrolment> imsEnrolments = new ArrayList<>();

    public static ReplicaState load(StagingReader reader, SqlResources sql, int studentCodeWidth) {
        return load(reader, sql, studentCodeWidth, u -> true);
    }

    /**
     * Loads the replica's state, keeping of the accounts only those with an IMS enrolment and those
     * {@code wanted} says the caller may look up: a university has several times more accounts (staff,
     * alumni, external) than a feed ever asks about.
     */
    public static ReplicaState load(StagingReader reader, SqlResources sql, int studentCodeWidth, Predicate<User> wanted) {
        ReplicaState s = new ReplicaState();
        s.courses.putAll(courses(reader, sql));
        Set<Long> enrolledUsers = new HashSet<>();
        forEachImsEnrolment(reader, sql, e -> {
            s.imsEnrolments.add(e);
            enrolledUsers.add(e.userId());
        });
        forEachUser(reader, sql, u -> {
            if (!enrolledUsers.contains(u.id()) && !wanted.test(u)) {
                return;
            }
            s.users.put(u.id(), u);
            String key = StudentCodes.normalise(u.idnumber(), studentCodeWidth);
            if (key != null) {
                s.byIdnumber.putIfAbsent(key, u);
            }
            if (u.username() != null) {
                s.byUsername.putIfAbsent(u.username().toLowerCase(Locale.ROOT), u);
            }
        });
        return s;
    }

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

    /** Streams the IMS-owned enrolments, holding none: a large university has hundreds of thousands. */
    public static void forEachImsEnrolment(StagingReader reader, SqlResources sql, Consumer<Enrolment> action) {
        reader.query(sql.query("moodle/state/ims-enrolments.sql"), rs -> action.accept(
                new Enrolment(rs.getLong("courseid"), rs.getLong("userid"), rs.getLong("status") == 0)));
    }

    /** Streams the (non-deleted) accounts, holding none. */
    public static void forEachUser(StagingReader reader, SqlResources sql, Consumer<User> action) {
        reader.query(sql.query("moodle/state/users.sql"), rs -> action.accept(new User(rs.getLong("id"),
                rs.getString("username"), rs.getString("idnumber"), rs.getString("firstname"), rs.getString("lastname"),
                rs.getString("email"))));
    }

    public Optional<Course> course(long id) {
        return Optional.ofNullable(courses.get(id));
    }

    public Optional<User> user(long id) {
        return Optional.ofNullable(users.get(id));
    }

    /** The account for a student: by idnumber (normalised student code), else by username. */
    public Optional<User> userFor(String studentCode, String username) {
        User u = byIdnumber.get(studentCode);
        if (u == null && username != null) {
            u = byUsername.get(username.toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(u);
    }

    public Optional<User> userByIdnumber(String studentCode) {
        return Optional.ofNullable(byIdnumber.get(studentCode));
    }

    public List<Enrolment> imsEnrolments() {
        return imsEnrolments;
    }
}
