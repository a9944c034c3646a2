package uk.ac.mim.sits.ims;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import uk.ac.mim.staging.ShrinkGuard;

/**
 * What one run of sits-ims-enrolments does (or, dry, would do): per course, the students to enrol and to
 * unenrol; the people those changes concern; what it noticed and left alone; the guard's figures.
 */
public record ImsPlan(List<CourseChange> courses, Persons persons, Reports reports,
                      List<ShrinkGuard.Retention> retentions, List<String> courseProblems) {

    /**
     * The people the changes concern, read when the file is written rather than held with the plan: a first
     * night names most of the university. Each call reads them again, in the same order.
     */
    public interface Persons {
        long size();

        void forEach(Consumer<Person> action);

        /** Persons already in memory, in their map's order (small plans and tests). */
        static Persons of(Map<String, Person> persons) {
            return new Persons() {
                @Override
                public long size() {
                    return persons.size();
                }

                @Override
                public void forEach(Consumer<Person> action) {
                    persons.values().forEach(action);
                }
            };
        }
    }

    /** A student as the file describes them ({@code <person>}). */
    /** {@code hasAccount}: Moodle has an account for them (by idnumber or username), so a {@code <person>} creates none. */
    public record Person(String studentCode, String username, String given, String family, String email, boolean hasAccount) {
        public Person(String studentCode, String username, String given, String family, String email) {
            this(studentCode, username, given, family, email, true);
        }
    }

    /** An add carries the rule that wants the student there, so a site can see why. */
    public record Add(String studentCode, String rule) { }

    public record CourseChange(long courseId, String idnumber, String shortname, String fullname, String category,
                               List<Add> adds, List<String> removes, int enrolledNow, boolean allMappingsRemoved) {
        public boolean isEmpty() {
            return adds.isEmpty() && removes.isEmpty();
        }
    }

    /** Things an operator should know, each a list of readable lines. */
    public record Reports(List<String> suspended, List<String> unknownAccounts, List<String> idnumberMismatches,
                          List<String> unaddressableCourses, List<String> frozenCourses, List<String> accountConflicts,
                          List<String> cleanedText, List<String> held) { }

    public long adds() {
        return courses.stream().mapToLong(c -> c.adds().size()).sum();
    }

    public long removes() {
        return courses.stream().mapToLong(c -> c.removes().size()).sum();
    }

    public String summary() {
        return String.format("%d enrolments to add and %d to remove in %d courses, %d people; %d suspended,"
                        + " %d without a Moodle account, %d idnumber mismatches, %d courses not addressable, %d frozen",
                adds(), removes(), courses.stream().filter(c -> !c.isEmpty()).count(), persons.size(),
                reports.suspended().size(), reports.unknownAccounts().size(), reports.idnumberMismatches().size(),
                reports.unaddressableCourses().size(), reports.frozenCourses().size());
    }
}
