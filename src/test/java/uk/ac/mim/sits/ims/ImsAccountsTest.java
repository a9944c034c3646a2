package uk.ac.mim.sits.ims;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

import uk.ac.mim.moodle.ReplicaState;
import uk.ac.mim.staging.LongBag;

/** The IMS-enrolled accounts as the planner compares them: one number per code, students in code order. */
class ImsAccountsTest {

    @Test
    void eachCodeIsOneRefWhoeverCarriesItAndEveryRefNamesItsCode() {
        ImsStudents students = new ImsStudents(Map.of("00000002", "bea", "00000001", "al", "00000003", "cy"));
        ImsAccounts accounts = new ImsAccounts(students, 8);
        accounts.see(user(10, "al", "00000001"), true);
        accounts.see(user(11, "AL", null), true); // the same student, found by username
        accounts.see(user(12, "cy", "00000003"), true);
        accounts.see(user(13, "gone", "00000000"), true); // a former student: no number
        accounts.see(user(14, "zed", "00000009"), true);
        accounts.see(user(15, "bea", "00000002"), false); // not IMS-enrolled: not remembered
        LongBag course = new LongBag();
        for (long id : new long[] {14, 12, 11, 10, 13, 15, 99}) {
            course.add(id);
        }

        int[] refs = accounts.refs(course);

        assertThat(Arrays.stream(refs).mapToObj(accounts::code)).as("each code once")
                .containsExactlyInAnyOrder("00000000", "00000009", "00000001", "00000003");
        assertThat(Arrays.stream(refs, 2, 4).mapToObj(accounts::code)).as("the others first, then the students in code order")
                .containsExactly("00000001", "00000003");
        assertThat(refs).isSorted();
        assertThat(refs[2]).isEqualTo(students.indexOf("00000001"));
        assertThat(refs[3]).isEqualTo(students.indexOf("00000003"));
        assertThat(refs[0]).isNegative();
        assertThat(accounts.others()).isEqualTo(2);
        assertThat(accounts.former("00000000").id()).isEqualTo(13);
        assertThat(accounts.refs(new LongBag())).isEmpty();
    }

    private static ReplicaState.User user(long id, String username, String idnumber) {
        return new ReplicaState.User(id, username, idnumber, "F", "L", "e@x");
    }
}
