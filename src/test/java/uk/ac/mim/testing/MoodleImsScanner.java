package uk.ac.mim.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A port of the reading loop of Moodle's {@code enrol_imsenterprise} (lib.php, {@code cron}): the file is read
 * line by line into a cache; after each line, while that line closes a {@code group}, {@code person},
 * {@code membership}, {@code comments} or {@code properties} tag and the cache holds the whole tag, the tag is
 * taken out of the cache and processed. Only what this loop returns is what Moodle would act on, whatever an
 * XML parser makes of the file.
 */
public final class MoodleImsScanner {

    private static final List<String> TAGS = List.of("group", "person", "membership", "comments", "properties");

    private MoodleImsScanner() {
    }

    public record Tag(String name, String contents) { }

    public static List<Tag> scan(String file) throws IOException {
        List<Tag> out = new ArrayList<>();
        StringBuilder cache = new StringBuilder();
        BufferedReader in = new BufferedReader(new StringReader(file));
        String line;
        while ((line = in.readLine()) != null) {
            line = line + "\n"; // fgets keeps the newline
            cache.append(line);
            boolean found = true;
            while (found) {
                found = false;
                for (String tag : TAGS) {
                    String full = fullTag(tag, line, cache);
                    if (full != null) {
                        out.add(new Tag(tag, full));
                        String rest = pattern(tag).matcher(cache).replaceFirst("").strip();
                        cache.setLength(0);
                        cache.append(rest);
                        found = true;
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** Members of the scanned memberships, as {@code course/person/status}, the way process_membership_tag reads them. */
    public static List<String> members(List<Tag> tags) {
        Pattern course = Pattern.compile("<sourcedid>.*?<id>(.+?)</id>.*?</sourcedid>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
        Pattern member = Pattern.compile("<member>(.*?)</member>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
        Pattern status = Pattern.compile("<role\\s+roletype\\s*=\\s*\"(.*?)\".*?<status>\\s*?(\\d)\\s*?</status>",
                Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
        List<String> out = new ArrayList<>();
        for (Tag t : tags) {
            if (!t.name().equals("membership")) {
                continue;
            }
            Matcher c = course.matcher(t.contents());
            String courseId = c.find() ? c.group(1) : null;
            Matcher m = member.matcher(t.contents());
            while (m.find()) {
                Matcher id = course.matcher(m.group(1));
                Matcher s = status.matcher(m.group(1));
                out.add(courseId + "/" + (id.find() ? id.group(1) : null) + "/" + (s.find() ? s.group(2) : "none"));
            }
        }
        return out;
    }

    private static String fullTag(String tag, String latestLine, CharSequence cache) {
        if (!latestLine.toLowerCase(Locale.ROOT).contains("</" + tag + ">")) {
            return null;
        }
        Matcher m = pattern(tag).matcher(cache);
        return m.find() ? m.group(1) : null;
    }

    private static Pattern pattern(String tag) {
        return Pattern.compile("(<" + tag + "\\b.*?>.*?</" + tag + ">)", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    }
}
