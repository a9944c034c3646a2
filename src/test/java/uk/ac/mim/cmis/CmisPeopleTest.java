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
            assertThat(table.get(String.format("%08d", i))).extracting(CmisPeople.Who::id).isEqualTo(String.format("%08d", i));
        }
        assertThat(table.get("00005000")).isNull();
        assertThat(table.get("0000001")).as("the same digits, another length: another id").isNull();
        assertThat(table.get("1")).isNull();
        assertThat(table.get(null)).isNull();
        int[] seen = {0};
        table.forEach(w -> seen[0]++);
        assertThat(seen[0]).isEqualTo(5000);
    }

    @Test
    void idsOfAnyFormKeepTheirTextAndAreFoundByIt() {
        CmisPeople.Table table = new CmisPeople.Table();
        java.util.List<String> ids = java.util.List.of("00012345", "12345", "012345", "ABCD123", "upi-7", "0", "000",
                "123456789012345678", "1234567890123456789", "99999999999999999999", " 12", "١٢٣");
        ids.forEach(id -> table.add(new CmisPeople.Who(false, id)));

        for (String id : ids) {
            assertThat(table.get(id)).as(id).isNotNull().extracting(CmisPeople.Who::id).isEqualTo(id);
        }
        assertThat(table.get("0012345")).isNull();
        assertThat(table.get("00")).isNull();
        assertThat(new CmisPeople.Who(true, "00012345").label()).isEqualTo("student 00012345");
    }
}
