package uk.ac.mim.ops.security;

import java.util.Collection;
import java.util.Locale;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The two roles of the management surface: a viewer reads (runs, plans, explain, Hawtio read-only); an
 * operator also acts (run, dry run, approve an override, switch feeds, start and stop routes).
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    /** Spring authority names. */
    public static final String VIEWER_AUTHORITY = "ROLE_VIEWER";
    public static final String OPERATOR_AUTHORITY = "ROLE_OPERATOR";

    private Roles() {
    }

    /** A configured role name as Spring roles: an operator is a viewer too. */
    public static String[] springRoles(String role) {
        return switch (role.strip().toLowerCase(Locale.ROOT)) {
            case VIEWER -> new String[] {"VIEWER"};
            case OPERATOR -> new String[] {"VIEWER", "OPERATOR"};
            default -> throw new IllegalArgumentException("unknown role '" + role + "': use viewer or operator");
        };
    }

    public static boolean isOperator(Authentication a) {
        return has(a, OPERATOR_AUTHORITY);
    }

    public static boolean isViewer(Authentication a) {
        return has(a, VIEWER_AUTHORITY);
    }

    /** The caller of this thread (a Jolokia request runs on the thread Spring Security authenticated). */
    public static Authentication current() {
        return SecurityContextHolder.getContext().getAuthentication();
    }

    private static boolean has(Authentication a, String authority) {
        if (a == null || !a.isAuthenticated()) {
            return false;
        }
        Collection<? extends GrantedAuthority> all = a.getAuthorities();
        return all.stream().anyMatch(g -> authority.equals(g.getAuthority()));
    }
}
