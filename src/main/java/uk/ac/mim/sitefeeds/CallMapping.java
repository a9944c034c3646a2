package uk.ac.mim.sitefeeds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a row of the query becomes one item of a web-service call: {@code name=column} pairs separated by commas,
 * the name in Moodle's bracket notation with {@code {i}} for the item's index in the call, e.g.
 * {@code groups[{i}][courseid]=courseid, groups[{i}][name]=name, groups[{i}][description]='Timetabled'}.
 * A value in single quotes is a literal. Columns are matched without regard to case.
 */
final class CallMapping {

    record Pair(String name, String column, String literal) { }

    private final List<Pair> pairs = new ArrayList<>();

    CallMapping(String spec) {
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new IllegalArgumentException("mapping '" + p + "' is not name=column or name='literal'");
            }
            String name = p.substring(0, eq).strip();
            String value = p.substring(eq + 1).strip();
            if (!name.contains("{i}")) {
                throw new IllegalArgumentException("mapping '" + p + "': the parameter name needs {i}, the item's index in the call");
            }
            boolean literal = value.length() >= 2 && value.startsWith("'") && value.endsWith("'");
            pairs.add(new Pair(name, literal ? null : value, literal ? value.substring(1, value.length() - 1) : null));
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("the mapping names no parameter");
        }
    }

    /** The item's parameters, {i} left in; a column the row lacks is an error naming it. */
    Map<String, String> item(Map<String, Object> row) {
        Map<String, Object> byName = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(row);
        Map<String, String> item = new LinkedHashMap<>();
        for (Pair p : pairs) {
            if (p.literal() != null) {
                item.put(p.name(), p.literal());
            } else if (!byName.containsKey(p.column())) {
                throw new IllegalArgumentException("the query has no column " + p.column() + " (mapping " + p.name() + ")");
            } else {
                Object v = byName.get(p.column());
                item.put(p.name(), v == null ? "" : v.toString());
            }
        }
        return item;
    }

    /** Puts the item at index {@code i} of the call. */
    static void put(Map<String, String> call, int i, Map<String, String> item) {
        String index = Integer.toString(i);
        item.forEach((name, value) -> call.put(name.replace("{i}", index), value));
    }
}
