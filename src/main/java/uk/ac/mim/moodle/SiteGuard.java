package uk.ac.mim.moodle;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The environment guard (docs/contract.md §5.4): before the first write of a run, {@code core_webservice_get_site_info}
 * must answer, its {@code siteurl} must be the one this environment names, and every function the plan needs
 * must be in the service's function list. A staging job once deleted 2,000 groups on production.
 */
public final class SiteGuard {

    /** Moodle 4.2 (group visibility and participation parameters). */
    public static final long MOODLE_4_2 = 2023042400L;
    /** Moodle 5.0 (group and grouping custom fields). */
    public static final long MOODLE_5_0 = 2025041400L;

    private SiteGuard() {
    }

    public record Site(String url, String release, long version) { }

    public static Site check(MoodleClient client, String expectedSiteUrl, Set<String> functions) {
        if (expectedSiteUrl == null || expectedSiteUrl.isBlank()) {
            throw new MoodleException(MoodleException.Kind.CONFIGURATION, "core_webservice_get_site_info", null,
                    "mim.moodle.expected-site-url is not set: the feed will not write to an unnamed site");
        }
        JsonNode info = client.call("core_webservice_get_site_info", java.util.Map.of());
        String siteurl = info.path("siteurl").asText("");
        if (!normalise(siteurl).equals(normalise(expectedSiteUrl))) {
            throw new MoodleException(MoodleException.Kind.CONFIGURATION, "core_webservice_get_site_info", "wrongsite",
                    "the token answers for site " + siteurl + " but this environment names " + expectedSiteUrl
                            + "; nothing was written");
        }
        Set<String> offered = new TreeSet<>();
        info.path("functions").forEach(f -> offered.add(f.path("name").asText()));
        Set<String> missing = new TreeSet<>(functions);
        missing.removeAll(offered);
        if (!missing.isEmpty()) {
            throw new MoodleException(MoodleException.Kind.CONFIGURATION, "core_webservice_get_site_info", "missingfunctions",
                    "the web service lacks " + missing + "; add them to the service; nothing was written");
        }
        long version = info.path("version").asLong(0);
        return new Site(siteurl, info.path("release").asText(""), version);
    }

    static String normalise(String url) {
        String u = url.strip().toLowerCase(Locale.ROOT);
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
