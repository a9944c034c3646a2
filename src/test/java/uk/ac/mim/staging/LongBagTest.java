package uk.ac.mim.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LongBagTest {

    @Test
    void holdsEachValueOnceInAscendingOrder() {
        LongBag bag = new LongBag();
        for (long v : new long[] {42, 7, 42, -3, 1_000_000_000_000L, 7}) {
            bag.add(v);
        }
        List<Long> seen = new ArrayList<>();
        bag.forEach(seen::add);

        assertThat(seen).containsExactly(-3L, 7L, 42L, 1_000_000_000_000L);
        assertThat(bag.size()).isEqualTo(4);
        assertThat(bag.contains(42)).isTrue();
        assertThat(bag.contains(43)).isFalse();
        assertThat(LongBag.EMPTY.contains(0)).isFalse();
    }

    @Test
    void manyRepeatsOfFewValuesKeepTheBagTheirSize() throws Exception {
        LongBag bag = new LongBag();
        java.util.Random r = new java.util.Random(7);
        java.util.TreeSet<Long> expected = new java.util.TreeSet<>();
        for (int i = 0; i < 200_000; i++) { // every enrolment of 1,000 users
            long v = 5_000_000_000L + r.nextInt(1000);
            bag.add(v);
            expected.add(v);
        }
        java.lang.reflect.Field values = LongBag.class.getDeclaredField("values");
        values.setAccessible(true);

        assertThat(((long[]) values.get(bag)).length).isLessThanOrEqualTo(4096);
        List<Long> seen = new ArrayList<>();
        bag.forEach(seen::add);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void aFrozenBagRefusesMoreValues() {
        LongBag bag = new LongBag();
        bag.add(1);
        bag.contains(1);

        assertThatThrownBy(() -> bag.add(2)).isInstanceOf(IllegalStateException.class);
    }
}
