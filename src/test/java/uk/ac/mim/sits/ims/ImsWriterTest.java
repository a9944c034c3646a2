package uk.ac.mim.sits.ims;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.ac.mim.testing.MoodleImsScanner;

/** The writer's chunks are transformed on a pool but land in the file in order, exactly as written inline. */
class ImsWriterTest {

    @TempDir
    Path dir;

    @Test
    void chunksTransformedInParallelLandInOrderAndMatchTheInlineFileByteForByte() throws Exception {
        ImsPlan plan = plan(701, 37);
        Instant now = Instant.parse("2026-11-28T02:00:00Z");
        Path inline = dir.resolve("inline.xml");
        Path pooled = dir.resolve("pooled.xml");

        new ImsWriter(props(1)).write(plan, now, inline, new ArrayList<>());
        new ImsWriter(props(4)).write(plan, now, pooled, new ArrayList<>());

        assertThat(Files.readAllBytes(pooled)).isEqualTo(Files.readAllBytes(inline));
        String xml = Files.readString(pooled);
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<person recstatus=\"1\"><sourcedid><source>SITS</source><id>(\\d+)</id>").matcher(xml);
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertThat(ids).hasSize(701).isSorted();
        List<String> members = MoodleImsScanner.members(MoodleImsScanner.scan(xml));
        assertThat(members).hasSize(37 * 20);
        assertThat(members.get(0)).isEqualTo("C0/10000000/1");
        assertThat(members.get(members.size() - 1)).isEqualTo("C36/10000019/0");
    }

    private static ImsProperties props(int threads) {
        ImsProperties p = new ImsProperties();
        p.setChunkSize(7);
        p.setWriterThreads(threads);
        return p;
    }

    /** {@code people} persons; {@code courses} courses each with 10 adds and 10 removals. */
    private static ImsPlan plan(int people, int courses) {
        Map<String, ImsPlan.Person> persons = new TreeMap<>();
        for (int i = 0; i < people; i++) {
            String code = String.valueOf(10000000 + i);
            persons.put(code, new ImsPlan.Person(code, "u" + i, "Given " + i, "O'Family & Co " + i, "u" + i + "@example.ac.uk"));
        }
        List<ImsPlan.CourseChange> changes = new ArrayList<>();
        for (int c = 0; c < courses; c++) {
            List<ImsPlan.Add> adds = new ArrayList<>();
            List<String> removes = new ArrayList<>();
            for (int j = 0; j < 10; j++) {
                adds.add(new ImsPlan.Add(String.valueOf(10000000 + j), "module"));
                removes.add(String.valueOf(10000010 + j));
            }
            changes.add(new ImsPlan.CourseChange(c, "C" + c, "c" + c, "Course " + c, "Cat", adds, removes, 10, false));
        }
        return new ImsPlan(changes, ImsPlan.Persons.of(persons), new ImsPlan.Reports(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()), List.of(), List.of());
    }
}
