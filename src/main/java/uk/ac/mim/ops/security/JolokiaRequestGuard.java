package uk.ac.mim.ops.security;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of Jolokia (directly and through Hawtio): requests only by POST with a JSON body, and from no
 * browser origin but the service's own. A JSON content type cannot be sent cross-site without a CORS
 * preflight, which this refuses, so a page elsewhere cannot ride on credentials the browser remembers.
 */
class JolokiaRequestGuard extends OncePerRequestFilter {

    private final SecurityProperties props;

    JolokiaRequestGuard(SecurityProperties props) {
        this.props = props;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        String origin = req.getHeader("Origin");
        if (!Origins.allowed(origin, req, props.getAllowedOrigins())) {
            PlainResponse.send(res, HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
            return;
        }
        if (!"POST".equals(req.getMethod())) {
            // 403 rather than 405: Hawtio finds its agent by a plain GET and takes a 401 or 403 as "Jolokia is here"
            res.setHeader("Allow", "POST");
            PlainResponse.send(res, HttpServletResponse.SC_FORBIDDEN, "Jolokia accepts POST with a JSON body only");
            return;
        }
        String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json") && !type.startsWith("text/json")) {
            PlainResponse.send(res, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Jolokia accepts a JSON body only (application/json)");
            return;
        }
        chain.doFilter(req, res);
    }
}
