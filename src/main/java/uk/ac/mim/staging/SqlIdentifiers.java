package uk.ac.mim.staging;

import java.util.regex.Pattern;

/**
 * Identifiers (tables, columns, prefixes) that come from configuration are validated before they reach
 * SQL; values are always bound parameters. This is what stands between a YAML file and SQL injection.
 */
public final class SqlIdentifiers {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_]{0,20}");

    private SqlIdentifiers() {
    }

    public static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a valid SQL identifier: '" + name
                    + "' (letters, digits and underscores, starting with a letter, at most 63)");
        }
        return name;
    }

    public static String prefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Not a valid table prefix: '" + prefix + "'");
        }
        return prefix;
    }
}
