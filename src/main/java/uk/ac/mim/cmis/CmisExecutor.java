package uk.ac.mim.cmis;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.jdbc.core.JdbcTemplate;

import uk.ac.mim.moodle.Batches;
import uk.ac.mim.moodle.MoodleClient;
import uk.ac.mim.moodle.MoodleException;
import uk.ac.mim.moodle.MoodleProperties;
import uk.ac.mim.moodle.SiteGuard;
import uk.ac.mim.staging.Journal;

/**
 * Carries out a {@link CmisPlan} against Moodle, phase by phase: groupings, groups (an {@code idnumbertaken}
 * means the group exists: adopt it), renames, members, grouping links, member removals, deletions. Ids of
 * what this run creates come from Moodle's answers. A refused item is recorded in {@code mim_moodle_failure}
 * and the rest of its batch goes through; the record of members the feed added changes only on success.
 */
class CmisExecutor {

    static final String FEED_ID = CmisGroupsFeed.FEED_ID;

    record Result(Map<String, int[]> perFunction, List<String> failures, SiteGuard.Site site, int calls, int errors) {
        int ok() {
            return perFunction.values().stream().mapToInt(a -> a[0]).sum();
        }

        int failed() {
            return perFunction.values().stream().mapToInt(a -> a[1]).sum();
        }
    }

    private final MoodleClient client;
    private final MoodleProperties moodle;
    private final CmisProperties cmis;
    private final JdbcTemplate jdbc;
    private final String runId;
    private final Map<String, int[]> perFunction = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Long> groupIds = new HashMap<>();
    private final Map<String, Long> groupingIds = new HashMap<>();

    CmisExecutor(MoodleClient client, MoodleProperties moodle, CmisProperties cmis, JdbcTemplate jdbc, String runId) {
        this.client = client;
        this.moodle = moodle;
        this.cmis = cmis;
        this.jdbc = jdbc;
        this.runId = runId;
    }

    record Item<T>(long courseId, String courseIdnumber, T value) { }

    /** Member items made and sent at a time (each call carries one batch). */
    static final int MEMBER_BATCHES_AT_ONCE = 20;

    static Set<String> functionsFor(CmisPlan plan) {
        Set<String> f = new LinkedHashSet<>();
        f.add("core_group_get_course_groups");
        f.add("core_group_get_course_groupings");
        if (plan.count(CmisPlan.CourseCalls::groupings) > 0) {
            f.add("core_group_create_groupings");
        }
        if (plan.count(CmisPlan.CourseCalls::groups) > 0) {
            f.add("core_group_create_groups");
        }
        if (plan.count(CmisPlan.CourseCalls::renames) > 0) {
            f.add("core_group_update_groups");
        }
        if (plan.count(CmisPlan.CourseCalls::adds) > 0) {
            f.add("core_group_add_group_members");
        }
        if (plan.count(CmisPlan.CourseCalls::links) > 0) {
            f.add("core_group_assign_grouping");
        }
        if (plan.count(CmisPlan.CourseCalls::removes) > 0) {
            f.add("core_group_delete_group_members");
        }
        if (plan.count(CmisPlan.CourseCalls::deletes) > 0) {
            f.add("core_group_delete_groups");
        }
        return f;
    }

    Result execute(CmisPlan plan) {
        SiteGuard.Site site = SiteGuard.check(client, moodle.getExpectedSiteUrl(), functionsFor(plan));
        boolean visibility = site.version() >= SiteGuard.MOODLE_4_2;

        List<Item<CmisPlan.NewGrouping>> groupings = items(plan, CmisPlan.CourseCalls::groupings);
        Batches.send(client, "core_group_create_groupings", groupings, moodle.getGroupBatchSize(), (p, i, it) -> {
            p.put("groupings[" + i + "][courseid]", String.valueOf(it.courseId()));
            p.put("groupings[" + i + "][name]", it.value().name());
            p.put("groupings[" + i + "][description]", it.value().description());
            p.put("groupings[" + i + "][idnumber]", it.value().idnumber());
        }, outcome("core_group_create_groupings", (items, answer) -> {
            answer.forEach(g -> groupingIds.put(key(g.path("courseid").asLong(), g.path("idnumber").asText()), g.path("id").asLong()));
        }, (it, e) -> adopt(it, e, "core_group_get_course_groupings", groupingIds, it.value().idnumber())));

        List<Item<CmisPlan.NewGroup>> groups = items(plan, CmisPlan.CourseCalls::groups);
        Batches.send(client, "core_group_create_groups", groups, moodle.getGroupBatchSize(), (p, i, it) -> {
            p.put("groups[" + i + "][courseid]", String.valueOf(it.courseId()));
            p.put("groups[" + i + "][name]", it.value().name());
            p.put("groups[" + i + "][description]", it.value().description());
            p.put("groups[" + i + "][idnumber]", it.value().idnumber());
            if (visibility) {
                p.put("groups[" + i + "][visibility]", String.valueOf(cmis.getGroupVisibility()));
                p.put("groups[" + i + "][participation]", "1");
            }
        }, outcome("core_group_create_groups", (items, answer) -> {
            answer.forEach(g -> groupIds.put(key(g.path("courseid").asLong(), g.path("idnumber").asText()), g.path("id").asLong()));
        }, (it, e) -> adopt(it, e, "core_group_get_course_groups", groupIds, it.value().idnumber())));

        Batches.send(client, "core_group_update_groups", items(plan, CmisPlan.CourseCalls::renames), moodle.getGroupBatchSize(),
                (p, i, it) -> {
                    p.put("groups[" + i + "][id]", String.valueOf(it.value().groupId()));
                    p.put("groups[" + i + "][name]", it.value().to());
                }, outcome("core_group_update_groups", (items, answer) -> { }, (it, e) ->
                        fail("core_group_update_groups", it.courseId(), it.value().idnumber(), null, e)));

        int memberChunk = moodle.getMemberBatchSize() * MEMBER_BATCHES_AT_ONCE;
        inChunks(plan, CmisPlan.CourseCalls::adds, memberChunk, chunk ->
                Batches.send(client, "core_group_add_group_members", resolvable(chunk, "core_group_add_group_members"),
                        moodle.getMemberBatchSize(), (p, i, it) -> {
                            p.put("members[" + i + "][groupid]", String.valueOf(groupId(it)));
                            p.put("members[" + i + "][userid]", String.valueOf(it.value().userId()));
                        }, outcome("core_group_add_group_members", (items, answer) -> items.forEach(this::recordAdded),
                                (it, e) -> fail("core_group_add_group_members", it.courseId(), it.value().groupIdnumber(),
                                        it.value().userId(), e))));

        List<Item<CmisPlan.Link>> links = new ArrayList<>();
        for (Item<CmisPlan.Link> it : items(plan, CmisPlan.CourseCalls::links)) {
            Long grouping = it.value().groupingId() != null ? it.value().groupingId() : groupingIds.get(key(it.courseId(), it.value().groupingIdnumber()));
            Long group = it.value().groupId() != null ? it.value().groupId() : groupIds.get(key(it.courseId(), it.value().groupIdnumber()));
            if (grouping == null || group == null) {
                failures.add(it.courseIdnumber() + ": cannot link " + it.value().groupIdnumber() + " to " + it.value().groupingIdnumber()
                        + ": one of them was not created");
                count("core_group_assign_grouping", 0, 1);
                continue;
            }
            links.add(new Item<>(it.courseId(), it.courseIdnumber(), new CmisPlan.Link(it.value().groupingIdnumber(), grouping,
                    it.value().groupIdnumber(), group)));
        }
        Batches.send(client, "core_group_assign_grouping", links, moodle.getAssignmentBatchSize(), (p, i, it) -> {
            p.put("assignments[" + i + "][groupingid]", String.valueOf(it.value().groupingId()));
            p.put("assignments[" + i + "][groupid]", String.valueOf(it.value().groupId()));
        }, outcome("core_group_assign_grouping", (items, answer) -> { },
                (it, e) -> fail("core_group_assign_grouping", it.courseId(), it.value().groupIdnumber(), null, e)));

        inChunks(plan, CmisPlan.CourseCalls::removes, memberChunk, chunk ->
                Batches.send(client, "core_group_delete_group_members", chunk, moodle.getMemberBatchSize(), (p, i, it) -> {
                    p.put("members[" + i + "][groupid]", String.valueOf(it.value().groupId()));
                    p.put("members[" + i + "][userid]", String.valueOf(it.value().userId()));
                }, outcome("core_group_delete_group_members", (items, answer) -> items.forEach(it ->
                        jdbc.update("DELETE FROM mim_cmis_member WHERE course_id = ? AND group_idnumber = ? AND user_id = ?",
                                it.courseId(), it.value().groupIdnumber(), it.value().userId())),
                        (it, e) -> {
                            if (gone(e)) { // the group is gone already (a retried delete whose first attempt landed)
                                jdbc.update("DELETE FROM mim_cmis_member WHERE course_id = ? AND group_idnumber = ? AND user_id = ?",
                                        it.courseId(), it.value().groupIdnumber(), it.value().userId());
                                count("core_group_delete_group_members", 1, 0);
                            } else {
                                fail("core_group_delete_group_members", it.courseId(), it.value().groupIdnumber(), it.value().userId(), e);
                            }
                        })));

        Batches.send(client, "core_group_delete_groups", items(plan, CmisPlan.CourseCalls::deletes), moodle.getGroupBatchSize(),
                (p, i, it) -> p.put("groupids[" + i + "]", String.valueOf(it.value().groupId())),
                outcome("core_group_delete_groups", (items, answer) -> items.forEach(it ->
                        jdbc.update("DELETE FROM mim_cmis_member WHERE course_id = ? AND group_idnumber = ?", it.courseId(),
                                it.value().idnumber())),
                        (it, e) -> {
                            if (gone(e)) { // deleted already: what the call wanted is done
                                jdbc.update("DELETE FROM mim_cmis_member WHERE course_id = ? AND group_idnumber = ?", it.courseId(),
                                        it.value().idnumber());
                                count("core_group_delete_groups", 1, 0);
                            } else {
                                fail("core_group_delete_groups", it.courseId(), it.value().idnumber(), null, e);
                            }
                        }));
        return new Result(perFunction, failures, site, client.calls(), client.errors());
    }

    /**
     * Moodle's answer for a group that no longer exists ({@code invalidrecord}, table groups): for a delete, the
     * work is done — e.g. a delete retried after a timeout whose first attempt landed.
     */
    static boolean gone(MoodleException e) {
        return "invalidrecord".equals(e.errorcode()) && e.getMessage() != null && e.getMessage().contains("table groups.");
    }

    private <T> Batches.Outcome<Item<T>> outcome(String function, java.util.function.BiConsumer<List<Item<T>>, JsonNode> ok,
                                                 java.util.function.BiConsumer<Item<T>, MoodleException> failed) {
        return new Batches.Outcome<>() {
            @Override
            public void succeeded(List<Item<T>> items, JsonNode answer) {
                ok.accept(items, answer);
                count(function, items.size(), 0);
            }

            @Override
            public void failed(Item<T> item, MoodleException error) {
                failed.accept(item, error);
            }
        };
    }

    /**
     * A create refused because the group or grouping exists already — made by an earlier run whose effect the
     * replica has not caught up with, or whose answer was lost. Moodle says {@code idnumbertaken}, or, as it
     * checks names first, {@code invalidparameter}: if Moodle has our idnumber in the course, adopt it.
     */
    private <T> void adopt(Item<T> it, MoodleException e, String lister, Map<String, Long> ids, String idnumber) {
        String function = lister.equals("core_group_get_course_groups") ? "core_group_create_groups" : "core_group_create_groupings";
        if ("idnumbertaken".equals(e.errorcode()) || "invalidparameter".equals(e.errorcode())) {
            JsonNode existing = client.call(lister, Map.of("courseid", String.valueOf(it.courseId())));
            for (JsonNode g : existing) {
                if (idnumber.equals(g.path("idnumber").asText())) {
                    ids.put(key(it.courseId(), idnumber), g.path("id").asLong());
                    count(function, 1, 0);
                    return;
                }
            }
        }
        fail(function, it.courseId(), idnumber, null, e);
    }

    private List<Item<CmisPlan.Member>> resolvable(List<Item<CmisPlan.Member>> adds, String function) {
        List<Item<CmisPlan.Member>> out = new ArrayList<>();
        for (Item<CmisPlan.Member> it : adds) {
            if (groupId(it) == null) {
                failures.add(it.courseIdnumber() + ": " + it.value().who() + " not added to " + it.value().groupIdnumber()
                        + ": the group was not created");
                count(function, 0, 1);
            } else {
                out.add(it);
            }
        }
        return out;
    }

    private Long groupId(Item<CmisPlan.Member> it) {
        return it.value().groupId() != null ? it.value().groupId() : groupIds.get(key(it.courseId(), it.value().groupIdnumber()));
    }

    private void recordAdded(Item<CmisPlan.Member> it) {
        jdbc.update("DELETE FROM mim_cmis_member WHERE course_id = ? AND group_idnumber = ? AND user_id = ?",
                it.courseId(), it.value().groupIdnumber(), it.value().userId());
        jdbc.update("INSERT INTO mim_cmis_member (course_id, group_idnumber, user_id, added_at) VALUES (?, ?, ?, ?)",
                it.courseId(), it.value().groupIdnumber(), it.value().userId(), Timestamp.from(Instant.now()));
    }

    private void fail(String function, long courseId, String groupRef, Long userId, MoodleException e) {
        count(function, 0, 1);
        failures.add("course " + courseId + " / " + groupRef + (userId == null ? "" : " / user " + userId) + ": " + e.getMessage());
        jdbc.update("INSERT INTO mim_moodle_failure (run_id, feed_id, ws_function, course_id, group_ref, user_id, errorcode,"
                        + " message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", runId, FEED_ID, function, courseId, groupRef,
                userId, e.errorcode(), Journal.bounded(e.getMessage(), 1000), Timestamp.from(Instant.now()));
    }

    /** What was done so far (items done and refused per function, calls): for the report of a run that failed. */
    Map<String, Object> progress() {
        Map<String, Object> done = new LinkedHashMap<>();
        perFunction.forEach((f, c) -> done.put(f, Map.of("done", c[0], "refused", c[1])));
        done.put("calls", client.calls());
        done.put("refusedItems", failures);
        return done;
    }

    private void count(String function, int ok, int failed) {
        int[] c = perFunction.computeIfAbsent(function, k -> new int[2]);
        c[0] += ok;
        c[1] += failed;
    }

    private static String key(long courseId, String idnumber) {
        return courseId + "|" + idnumber;
    }

    /**
     * The items of every course in chunks of at most {@code size}, each made only when it is sent: a catch-up
     * night adds millions of members, and an Item for each at once would not fit the heap.
     */
    private static <T> void inChunks(CmisPlan plan, java.util.function.Function<CmisPlan.CourseCalls, List<T>> what, int size,
                                     java.util.function.Consumer<List<Item<T>>> send) {
        List<Item<T>> chunk = new ArrayList<>();
        for (CmisPlan.CourseCalls c : plan.courses()) {
            for (T t : what.apply(c)) {
                chunk.add(new Item<>(c.courseId(), c.courseIdnumber(), t));
                if (chunk.size() == size) {
                    send.accept(chunk);
                    chunk = new ArrayList<>();
                }
            }
        }
        if (!chunk.isEmpty()) {
            send.accept(chunk);
        }
    }

    private static <T> List<Item<T>> items(CmisPlan plan, java.util.function.Function<CmisPlan.CourseCalls, List<T>> what) {
        List<Item<T>> out = new ArrayList<>();
        for (CmisPlan.CourseCalls c : plan.courses()) {
            for (T t : what.apply(c)) {
                out.add(new Item<>(c.courseId(), c.courseIdnumber(), t));
            }
        }
        return out;
    }
}
