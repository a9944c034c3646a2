package uk.ac.mim.ops.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/** Refuses a login attempt (Basic credentials or the login form) from a locked user or address with 429. */
class LoginThrottleFilter extends OncePerRequestFilter {

    private final LoginThrottle throttle;

    LoginThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        String user = attemptedUser(req);
        if (user != null) {
            Optional<Duration> wait = throttle.locked(user, req.getRemoteAddr());
            if (wait.isPresent()) {
                long seconds = Math.max(1, wait.get().toSeconds() + 1);
                res.setHeader("Retry-After", String.valueOf(seconds));
                PlainResponse.send(res, 429, "too many failed logins: try again in " + seconds + " s");
                return;
            }
        }
        chain.doFilter(req, res);
    }

    /** The user name a request tries to log in as, or null when it carries no credentials. */
    private static String attemptedUser(HttpServletRequest req) {
        String header = req.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? decoded : decoded.substring(0, colon);
            } catch (IllegalArgumentException e) {
                return null; // not Base64: Spring's Basic filter answers it
            }
        }
        if ("POST".equals(req.getMethod()) && "/login".equals(req.getServletPath())) {
            String u = req.getParameter("username");
            return u == null ? "" : u;
        }
        return null;
    }
}
