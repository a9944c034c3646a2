package uk.ac.mim.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import uk.ac.mim.sits.ims.ImsPlan;
import uk.ac.mim.sits.ims.ImsProperties;
import uk.ac.mim.sits.ims.ImsWriter;

@Tag("bench")
class XmlScratchTest {
    @Test
    void time() throws Exception {
        Map<String, ImsPlan.Person> persons = new TreeMap<>();
        for (int i = 0; i < 48000; i++) {
            String c = String.format("%08d", 10000000 + i);
            persons.put(c, new ImsPlan.Person(c, "user" + i, "Given" + i, "Family O'Brien " + i, "u" + i + "@example.ac.uk"));
        }
        List<ImsPlan.CourseChange> courses = new ArrayList<>();
        int k = 0;
        for (int c = 0; c < 3000; c++) {
            List<ImsPlan.Add> adds = new ArrayList<>();
            for (int j = 0; j < 50; j++) {
                adds.add(new ImsPlan.Add(String.format("%08d", 10000000 + (k++ % 48000)), "module"));
            }
            courses.add(new ImsPlan.CourseChange(c, "COURSE" + c + "-2025", "C" + c, "Course " + c, "Cat", adds, List.of(), 0, false));
        }
        ImsPlan plan = new ImsPlan(courses, persons, new ImsPlan.Reports(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()), List.of(), List.of());
        try (DefaultCamelContext ctx = new DefaultCamelContext()) {
            ctx.start();
            ImsProperties ims = new ImsProperties();
            ims.setChunkSize(Integer.getInteger("chunk", 500));
            ImsWriter w = new ImsWriter(ims);
            Path f = Path.of("target/scratch.xml");
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                w.write(plan, Instant.now(), f, new ArrayList<>());
                double ours = (System.nanoTime() - t) / 1e9;
                t = System.nanoTime();
                NightBenchmarkTest.stax(plan, Path.of("target/scratch-floor.xml"));
                double floor = (System.nanoTime() - t) / 1e9;
                System.out.printf("RUN %d: %.3f s, floor %.3f s, ratio %.2f, %d bytes%n", i, ours, floor, ours / floor, Files.size(f));
            }
        }
    }
}
