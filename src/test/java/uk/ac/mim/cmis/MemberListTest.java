package uk.ac.mim.cmis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The plan's compact member lists read as the Members they stand for, group by group. */
class MemberListTest {

    private record Person(long userId, String label) implements MemberList.Person { }

    @Test
    void membersReadBackWithTheirGroupsWhereverTheGroupsChange() {
        MemberList list = new MemberList();
        for (int i = 0; i < 10; i++) { // past the arrays' first sizes
            list.add("g" + (i / 3), i < 6 ? null : 70L, new Person(500 + i, "student " + i));
        }
        list.add("g1", 71L, 900); // a group seen before, again later: its own run
        list.trim();

        assertThat(list).hasSize(11);
        assertThat(list.get(0)).isEqualTo(new CmisPlan.Member("g0", null, 500, "student 0"));
        assertThat(list.get(5)).isEqualTo(new CmisPlan.Member("g1", null, 505, "student 5"));
        assertThat(list.get(6)).isEqualTo(new CmisPlan.Member("g2", 70L, 506, "student 6"));
        assertThat(list.get(9)).isEqualTo(new CmisPlan.Member("g3", 70L, 509, "student 9"));
        assertThat(list.get(10)).isEqualTo(new CmisPlan.Member("g1", 71L, 900, "user 900"));
        assertThat(list.stream().map(CmisPlan.Member::groupIdnumber).distinct()).containsExactly("g0", "g1", "g2", "g3");
        assertThatThrownBy(() -> list.get(11)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aMemberAddedWholeIsKeptAsGiven() {
        MemberList list = new MemberList();
        list.add(new CmisPlan.Member("g", 1L, 2, "tutor x"));
        assertThat(list).containsExactly(new CmisPlan.Member("g", 1L, 2, "tutor x"));
    }
}
