package uk.ac.mim.sits.ims;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Students numbered in code order, found by code and by username. */
class ImsStudentsTest {

    @Test
    void everyStudentIsFoundByCodeAndUsernameAndNoOneElseIs() {
        Map<String, String> byCode = new LinkedHashMap<>();
        for (int i = 0; i < 5000; i++) {
            byCode.put(String.format("%08d", 20_000_000 + i * 7), "user" + i);
        }
        byCode.put("Aa", "letters-1");
        byCode.put("BB", "letters-2");

        ImsStudents students = new ImsStudents(byCode);

        assertThat(students.size()).isEqualTo(5002);
        for (int n = 0; n < students.size(); n++) {
            assertThat(students.indexOf(students.code(n))).isEqualTo(n);
            assertThat(students.indexOfUsername(students.username(n))).isEqualTo(n);
        }
        assertThat(students.code(0)).isEqualTo("20000000"); // numbered in code order
        assertThat(students.code(students.indexOf("BB"))).isEqualTo("BB");
        assertThat(students.username(students.indexOf("Aa"))).isEqualTo("letters-1");
        assertThat(students.indexOf("20000001")).isEqualTo(-1);
        assertThat(students.indexOf("C#")).isEqualTo(-1);
        assertThat(students.indexOf(null)).isEqualTo(-1);
        assertThat(students.indexOfUsername("nobody")).isEqualTo(-1);
        assertThat(new ImsStudents(Map.of()).indexOf("20000000")).isEqualTo(-1);
    }
}
