package uk.ac.mim.cmis;

import java.util.AbstractList;
import java.util.Arrays;

/**
 * A course's member adds or removes, held as one reference (or id) per member: a catch-up night plans millions
 * of adds, and a {@link CmisPlan.Member} record with its label for each would not fit the heap. The list is
 * read as Members, made when asked for (by the report's JSON, the executor's batches and tests), so what the
 * plan says is unchanged. Consecutive members of one group share that group's idnumber and id.
 */
final class MemberList extends AbstractList<CmisPlan.Member> {

    /** A member's Moodle account and label, read when the Member is made. */
    interface Person {
        long userId();

        String label();
    }

    private Object[] members = new Object[4]; // a Person, or a Long (a user known only by id)
    private int size;
    private int[] groupStarts = new int[1];
    private String[] groupIdnumbers = new String[1];
    private Long[] groupIds = new Long[1];
    private int groups;

    void add(String groupIdnumber, Long groupId, Person who) {
        append(groupIdnumber, groupId, who);
    }

    /** A member known by their Moodle id only ("user N"). */
    void add(String groupIdnumber, Long groupId, long userId) {
        append(groupIdnumber, groupId, userId);
    }

    @Override
    public boolean add(CmisPlan.Member m) { // tests and small plans: kept as given
        append(m.groupIdnumber(), m.groupId(), new Given(m.userId(), m.who()));
        return true;
    }

    private void append(String groupIdnumber, Long groupId, Object member) {
        if (groups == 0 || !groupIdnumbers[groups - 1].equals(groupIdnumber) || !java.util.Objects.equals(groupIds[groups - 1], groupId)) {
            if (groups == groupStarts.length) {
                int n = groups * 2;
                groupStarts = Arrays.copyOf(groupStarts, n);
                groupIdnumbers = Arrays.copyOf(groupIdnumbers, n);
                groupIds = Arrays.copyOf(groupIds, n);
            }
            groupStarts[groups] = size;
            groupIdnumbers[groups] = groupIdnumber;
            groupIds[groups] = groupId;
            groups++;
        }
        if (size == members.length) {
            members = Arrays.copyOf(members, size + (size >> 1) + 1);
        }
        members[size++] = member;
        modCount++;
    }

    /** Drops the arrays' slack, once the course is planned. */
    void trim() {
        members = Arrays.copyOf(members, size);
        groupStarts = Arrays.copyOf(groupStarts, Math.max(1, groups));
        groupIdnumbers = Arrays.copyOf(groupIdnumbers, Math.max(1, groups));
        groupIds = Arrays.copyOf(groupIds, Math.max(1, groups));
    }

    @Override
    public CmisPlan.Member get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        int g = Arrays.binarySearch(groupStarts, 0, groups, index);
        if (g < 0) {
            g = -g - 2; // the group whose first member comes before index
        }
        Object m = members[index];
        if (m instanceof Person p) {
            return new CmisPlan.Member(groupIdnumbers[g], groupIds[g], p.userId(), p.label());
        }
        long user = (Long) m;
        return new CmisPlan.Member(groupIdnumbers[g], groupIds[g], user, "user " + user);
    }

    @Override
    public int size() {
        return size;
    }

    private record Given(long userId, String label) implements Person { }
}
