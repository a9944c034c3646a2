package uk.ac.mim.staging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinesTest {

    @Test
    void countsEveryLineButKeepsTheFirstOnes() {
        Lines lines = new Lines(1000);
        for (int i = 0; i < 1500; i++) {
            lines.add("member " + i + " not enrolled");
        }
        StringBuilder report = new StringBuilder();
        RunReports.section(report, "Not sent", lines);

        assertThat(lines.getTotal()).isEqualTo(1500);
        assertThat(lines.getShown()).hasSize(1000).startsWith("member 0 not enrolled");
        assertThat(report.toString()).startsWith("\nNot sent (1500, first 1000 listed):\n  member 0 not enrolled\n");
    }

    @Test
    void aLineBeyondTheShownOnesIsCountedButNeverMade() {
        Lines lines = new Lines(2);
        int[] made = {0};
        for (int i = 0; i < 5; i++) {
            int n = i;
            lines.add(() -> {
                made[0]++;
                return "line " + n;
            });
        }

        assertThat(lines.getTotal()).isEqualTo(5);
        assertThat(lines.getShown()).containsExactly("line 0", "line 1");
        assertThat(made[0]).isEqualTo(2);
    }
}
