package uk.ac.mim.cmis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

import uk.ac.mim.staging.SqlResources;
import uk.ac.mim.staging.StagingReader;
import uk.ac.mim.staging.StudentCodes;

/**
 * The people in CMIS groups, one {@link Who} each (a large university has millions of member rows and 200,000
 * people), with their Moodle account: a student by idnumber (the normalised code), else by the student's
 * username; a tutor by the UPI profile field. Only these people's accounts are looked at: Moodle has several
 * times more. The username pass reads the accounts again, and only when some student has no account by idnumber.
 */
final class CmisPeople {

    /**
     * A group member as CMIS names them (a student by normalised code, a tutor by UPI) and their Moodle account
     * once found. One per person, shared by every group they are in; the label is made only when a report line or
     * a call needs it.
     */
    static final class Who implements MemberList.Person {
        final boolean student;
        /** The id as text, or null when it is all digits (a student code): then {@code digits} and {@code length}. */
        private final String text;
        private final long digits;
        private final byte length;
        long userId = -1;
        /** A username was taken for them (a code's first username counts). */
        private boolean byUsername;

        Who(boolean student, String id) {
            this.student = student;
            long d = digitsOf(id);
            this.text = d < 0 ? id : null;
            this.digits = d;
            this.length = (byte) (d < 0 ? 0 : id.length());
        }

        /** The id as CMIS gave it (normalised): made from the digits when it is a code, 48 bytes a person saved. */
        String id() {
            if (text != null) {
                return text;
            }
            String d = Long.toString(digits);
            return d.length() >= length ? d : "0".repeat(length - d.length()) + d;
        }

        private boolean is(String id, long idDigits) {
            return text != null ? idDigits < 0 && text.equals(id) : idDigits == digits && id.length() == length;
        }

        private int hash() {
            return text != null ? text.hashCode() : Long.hashCode(digits) * 31 + length;
        }

        Long user() {
            return userId < 0 ? null : userId;
        }

        @Override
        public long userId() {
            return userId;
        }

        /** Made each time it is asked for: a catch-up night's plan would otherwise keep one per member. */
        @Override
        public String label() {
            return (student ? "student " : "tutor ") + id();
        }
    }

    /** The value of an id of 1 to 18 digits (leading zeros kept apart, as its length), or -1 for any other id. */
    static long digitsOf(String id) {
        int n = id.length();
        if (n == 0 || n > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private final Table students = new Table();
    private final Table tutors = new Table();
    private final int width;

    private CmisPeople(int width) {
        this.width = width;
    }

    /**
     * The person a member row names; someone who joined CMIS after the people were read has no account found and
     * is reported as such (they are found next run). Null for a row without an id.
     */
    Who who(boolean student, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String id = student ? StudentCodes.normalise(raw, width) : raw;
        Who who = (student ? students : tutors).get(id);
        return who != null ? who : new Who(student, id);
    }

    static CmisPeople read(StagingReader reader, SqlResources sql, String upiField, int width) {
        CmisPeople people = new CmisPeople(width);
        reader.query(sql.query("cmis/group-people.sql"), rs -> {
            boolean student = "student".equals(rs.getString("kind"));
            String raw = rs.getString("who");
            if (raw == null || raw.isBlank()) { // the shipped query never returns one; a site's own may: not a member
                return;
            }
            String id = student ? StudentCodes.normalise(raw, width) : raw;
            Table table = student ? people.students : people.tutors;
            if (table.get(id) == null) {
                table.add(new Who(student, id));
            }
        });

        String users = sql.query("moodle/state/users.sql");
        reader.query(users, rs -> {
            Who who = people.students.get(StudentCodes.normalise(rs.getString("idnumber"), width));
            if (who != null && who.userId < 0) {
                who.userId = rs.getLong("id");
            }
        });
        Map<String, List<Who>> byUsername = new HashMap<>();
        reader.query("SELECT stu_code, username FROM ucl_bdo_v_moodle_student_dump WHERE username IS NOT NULL", rs -> {
            Who who = people.students.get(rs.getString(1));
            if (who != null && who.userId < 0 && !who.byUsername) { // a code's first username counts
                who.byUsername = true;
                byUsername.computeIfAbsent(rs.getString(2).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(who);
            }
        });
        if (!byUsername.isEmpty()) {
            Set<String> found = new HashSet<>();
            reader.query(users, rs -> {
                String username = rs.getString("username");
                List<Who> owners = username == null ? null : byUsername.get(username.toLowerCase(Locale.ROOT));
                if (owners != null && found.add(username.toLowerCase(Locale.ROOT))) { // a username's first account counts
                    long id = rs.getLong("id");
                    owners.forEach(who -> who.userId = id);
                }
            });
        }
        Map<String, List<Who>> byUpi = new HashMap<>();
        people.tutors.forEach(who -> byUpi.computeIfAbsent(who.id().strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(who));
        Set<String> upisSeen = new HashSet<>();
        reader.query(sql.query("moodle/state/upis.sql"), new MapSqlParameterSource("upi_field", upiField), rs -> {
            String upi = rs.getString("upi") == null ? null : rs.getString("upi").strip().toLowerCase(Locale.ROOT);
            List<Who> owners = upi == null ? null : byUpi.get(upi);
            if (owners != null && upisSeen.add(upi)) { // a UPI's first account counts
                long id = rs.getLong("userid");
                owners.forEach(who -> who.userId = id);
            }
        });
        return people;
    }

    /**
     * Who by id, open addressing: one slot (4 bytes) a person where a HashMap takes a 32-byte node. A code's digits
     * hash as its value and length, so the same id finds the same slot however it is held.
     */
    static final class Table {
        private Who[] slots = new Who[1024];
        private int size;

        Who get(String id) {
            if (id == null) {
                return null;
            }
            long d = digitsOf(id);
            int mask = slots.length - 1;
            int h = d < 0 ? id.hashCode() : Long.hashCode(d) * 31 + id.length();
            for (int i = mix(h) & mask; slots[i] != null; i = (i + 1) & mask) {
                if (slots[i].is(id, d)) {
                    return slots[i];
                }
            }
            return null;
        }

        /** Adds someone not in the table yet. */
        void add(Who who) {
            if (size * 2 >= slots.length) {
                Who[] old = slots;
                slots = new Who[old.length * 2];
                for (Who w : old) {
                    if (w != null) {
                        put(w);
                    }
                }
            }
            put(who);
            size++;
        }

        private void put(Who who) {
            int mask = slots.length - 1;
            int i = mix(who.hash()) & mask;
            while (slots[i] != null) {
                i = (i + 1) & mask;
            }
            slots[i] = who;
        }

        void forEach(Consumer<Who> action) {
            for (Who w : slots) {
                if (w != null) {
                    action.accept(w);
                }
            }
        }

        int size() {
            return size;
        }

        private static int mix(int h) {
            return h ^ (h >>> 16) * 0x45d9f3b;
        }
    }
}
