package uk.ac.mim.staging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StudentCodesTest {

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "020186092, 20186092", "20186092, 20186092", "' 20186092 ', 20186092", "123, 00000123",
            "0000000123, 00000123", "123456789, 123456789", "'', NULL", "NULL, NULL", "A1234, A1234", "0, 00000000",
            "'   ', NULL", "00, 00000000", "000000000000, 00000000", "'0 12', '0 12'", "0012A, 0012A", "'\u0661\u0662', '\u0661\u0662'",
            "12345678, 12345678", "'\t00012345678\t', 12345678"})
    void normalisesToTheConfiguredWidth(String in, String out) {
        assertThat(StudentCodes.normalise(in, 8)).isEqualTo(out);
    }
}
