package uk.ac.mim.ops.security;

import java.util.Set;
import java.util.regex.Pattern;

import javax.management.ObjectName;

/**
 * What Jolokia (and so Hawtio) may do, per role (docs/security.md). An allow-list: reads of the Camel,
 * {@code uk.ac.mim}, Hawtio and harmless JVM MBeans; Camel's read-only dumps (the route diagram and its
 * statistics); for an operator also route start/stop/suspend/resume and the {@code uk.ac.mim:type=Operations}
 * actions. Everything else is denied: the Camel context's {@code requestBody}/{@code sendBody} (they evaluate any
 * endpoint: {@code language:simple:${env:…}}, {@code file:}, {@code sql:}), the diagnostic MBeans (heap dumps),
 * attribute writes, and any MBean of another domain.
 */
public final class JolokiaPolicy {

    private static final Set<String> READABLE_DOMAINS = Set.of("org.apache.camel", "uk.ac.mim", "hawtio", "java.lang",
            "JMImplementation");
    /** JVM attributes that hold command lines and system properties, where a secret may have been passed. */
    private static final Set<String> JVM_SECRET_ATTRIBUTES = Set.of("SystemProperties", "InputArguments", "ClassPath",
            "BootClassPath", "LibraryPath");
    /** Camel's read-only dumps: route definitions and statistics, never message bodies or traces. */
    private static final Pattern CAMEL_DUMPS = Pattern.compile("dump(Routes?|RouteGroup|Step|Rests?|RouteTemplates?)\\w*");
    private static final Set<String> ROUTE_CONTROL = Set.of("start", "stop", "suspend", "resume");
    /** Hawtio's own read-only calls: the MBean tree with its RBAC hints, and "can I invoke" questions. */
    private static final Set<String> HAWTIO_READ_OPERATIONS = Set.of("list", "canInvoke");

    private JolokiaPolicy() {
    }

    /** Hidden MBeans do not appear in list or search results. */
    public static boolean hidden(ObjectName name) {
        return !READABLE_DOMAINS.contains(name.getDomain());
    }

    public static boolean canRead(ObjectName name, String attribute, boolean viewer) {
        if (!viewer || hidden(name)) {
            return false;
        }
        if ("java.lang".equals(name.getDomain()) && "Runtime".equals(name.getKeyProperty("type"))) {
            return attribute == null || !JVM_SECRET_ATTRIBUTES.contains(attribute);
        }
        return true;
    }

    /** No client writes an attribute: what operators change, they change through operations. */
    public static boolean canWrite(ObjectName name, String attribute) {
        return false;
    }

    public static boolean canExecute(ObjectName name, String operation, boolean viewer, boolean operator) {
        if (!viewer || operation == null) {
            return false;
        }
        String op = operation.contains("(") ? operation.substring(0, operation.indexOf('(')) : operation;
        switch (name.getDomain()) {
            case "org.apache.camel" -> {
                if (CAMEL_DUMPS.matcher(op).matches() && !op.contains("Message") && !op.contains("Trace")) {
                    return true;
                }
                return operator && "routes".equals(name.getKeyProperty("type")) && ROUTE_CONTROL.contains(op);
            }
            case "uk.ac.mim" -> {
                return operator && "Operations".equals(name.getKeyProperty("type"));
            }
            case "hawtio" -> {
                return "security".equals(name.getKeyProperty("type")) && HAWTIO_READ_OPERATIONS.contains(op);
            }
            default -> {
                return false;
            }
        }
    }
}
