package uk.ac.mim.cmis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The people table finds everyone it holds, through its growth, and no one else. */
class CmisPeopleTest {

    @Test
    void everyoneAddedIsFoundAfterTheTableGrows() {
        CmisPeople.Table table = new CmisPeople.Table();
        for (int i = 0; i < 5000; i++) {
            table.add(new CmisPeople.Who(true, String.format("%08d", i)));
        }

        assertThat(table.size()).isEqualTo(5000);
        for (int i = 0; i < 5000; i++) {
            assertThat(table.get(String.format("%08d", i))).extracting(w -> w.id).isEqualTo(String.format("%08d", i));
        }
        assertThat(table.get("00005000")).isNull();
        assertThat(table.get(null)).isNull();
        int[] seen = {0};
        table.forEach(w -> seen[0]++);
        assertThat(seen[0]).isEqualTo(5000);
    }
}
