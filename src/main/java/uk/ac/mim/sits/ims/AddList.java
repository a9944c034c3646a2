package uk.ac.mim.sits.ims;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * One course's adds as two int arrays (a student's number and the number of the rule that wants them there), the
 * {@link ImsPlan.Add} made only when the file writer or the report reads it: 8 bytes an add where a record and its
 * list slot took 28 (on a first night at ×4, 900,000 adds).
 */
final class AddList extends AbstractList<ImsPlan.Add> {

    private final ImsStudents students;
    private final List<String> ruleTexts;
    private int[] numbers = new int[4];
    private int[] rules = new int[4];
    private int size;

    AddList(ImsStudents students, List<String> ruleTexts) {
        this.students = students;
        this.ruleTexts = ruleTexts;
    }

    /** The student by number, wanted by the rule by number (-1: none given). */
    void add(int student, int rule) {
        if (size == numbers.length) {
            numbers = Arrays.copyOf(numbers, size * 2);
            rules = Arrays.copyOf(rules, size * 2);
        }
        numbers[size] = student;
        rules[size] = rule;
        size++;
    }

    /** Lets go of the growth room once the course is planned. */
    AddList trim() {
        numbers = Arrays.copyOf(numbers, size);
        rules = Arrays.copyOf(rules, size);
        return this;
    }

    @Override
    public ImsPlan.Add get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return new ImsPlan.Add(students.code(numbers[i]), rules[i] < 0 ? null : ruleTexts.get(rules[i]));
    }

    @Override
    public int size() {
        return size;
    }
}
