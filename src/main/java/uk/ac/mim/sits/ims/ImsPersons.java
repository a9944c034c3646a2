package uk.ac.mim.sits.ims;

import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import uk.ac.mim.staging.SqlResources;
import uk.ac.mim.staging.StagingReader;
import uk.ac.mim.staging.StudentCodes;

/**
 * The plan's people, read when the file is written: the students the changes concern, from a second pass
 * over {@code sits/students.sql} (in its order), then former students from their Moodle accounts (in code
 * order). Only the row the planner kept for a student is used: the same code and username.
 */
final class ImsPersons implements ImsPlan.Persons {

    private final StagingReader reader;
    private final SqlResources sql;
    private final int width;
    private final ImsStudents students;
    private final BitSet wanted;
    private final Map<String, ImsPlan.Person> formers;
    private final BitSet noAccount;

    ImsPersons(StagingReader reader, SqlResources sql, int width, ImsStudents students, BitSet wanted,
               Map<String, ImsPlan.Person> formers, BitSet noAccount) {
        this.noAccount = noAccount;
        this.reader = reader;
        this.sql = sql;
        this.width = width;
        this.students = students;
        this.wanted = wanted;
        this.formers = formers;
    }

    @Override
    public long size() {
        return wanted.cardinality() + formers.size();
    }

    @Override
    public void forEach(Consumer<ImsPlan.Person> action) {
        BitSet left = (BitSet) wanted.clone();
        reader.query(sql.query("sits/students.sql"), rs -> {
            int student = students.indexOf(StudentCodes.normalise(rs.getString("stu_code"), width));
            String username = rs.getString("username");
            if (student >= 0 && left.get(student) && username != null
                    && username.strip().toLowerCase(Locale.ROOT).equals(students.username(student))) {
                left.clear(student);
                action.accept(new ImsPlan.Person(students.code(student), students.username(student),
                        rs.getString("first_name"), rs.getString("surname"), rs.getString("email"), !noAccount.get(student)));
            }
        });
        if (!left.isEmpty()) {
            throw new IllegalStateException(left.cardinality() + " students of the plan are no longer in the staging"
                    + " copy (it was reloaded while the file was written); the run fails and the next one starts again");
        }
        formers.values().forEach(action);
    }
}
