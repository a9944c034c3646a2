package uk.ac.mim.ops.security;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Which browser origins may call the management API: the service's own (scheme and Host of the request) and
 * those a site lists in {@code mim.security.allowed-origins} (e.g. the public URL of a reverse proxy).
 */
final class Origins {

    private Origins() {
    }

    /** {@code origin} is an Origin header or a Referer URL; null (no browser cross-origin context) is allowed. */
    static boolean allowed(String origin, HttpServletRequest request, List<String> extra) {
        if (origin == null || origin.isBlank()) {
            return true;
        }
        String o = normalise(origin);
        if (o == null) {
            return false;
        }
        if (request != null && request.getHeader("Host") != null
                && o.equals(normalise(request.getScheme() + "://" + request.getHeader("Host")))) {
            return true;
        }
        return extra.stream().map(Origins::normalise).anyMatch(o::equals);
    }

    private static String normalise(String url) {
        try {
            URI u = URI.create(url.strip());
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            int port = u.getPort();
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (port == ("https".equals(scheme) ? 443 : 80)) {
                port = -1;
            }
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
