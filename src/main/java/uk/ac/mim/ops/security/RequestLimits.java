package uk.ac.mim.ops.security;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Before anything else reads a request: a path with tricks in it ({@code ;} parameters, encoded dots, slashes
 * or backslashes, {@code ..}) is a 400 without a stack trace ({@code /actuator/jolokia;/version} was a 500 with
 * one), and a body larger than {@code mim.security.max-request-bytes} is a clear 400 (a 1.5 MB override
 * reason gave a 500; Jolokia has its own, larger limit); a body of unknown length is a 411.
 */
class RequestLimits extends OncePerRequestFilter {

    private static final Pattern TRICKS = Pattern.compile(";|%2[eE]|%2[fF]|%5[cC]|\\\\|/\\.\\.?(/|$)|//");

    private final long max;
    private final long jolokiaMax;

    RequestLimits(long max, long jolokiaMax) {
        this.max = max;
        this.jolokiaMax = jolokiaMax;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        if (TRICKS.matcher(req.getRequestURI()).find()) {
            PlainResponse.send(res, HttpServletResponse.SC_BAD_REQUEST, "malformed request path");
            return;
        }
        String method = req.getMethod();
        boolean hasBody = "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method) || "DELETE".equals(method);
        if (hasBody) {
            long length = req.getContentLengthLong();
            if (length < 0 && req.getHeader("Transfer-Encoding") != null) {
                PlainResponse.send(res, HttpServletResponse.SC_LENGTH_REQUIRED, "a request body needs a Content-Length");
                return;
            }
            // Hawtio asks Jolokia about every MBean in one request (its RBAC check): ~0.5 MB for the shipped routes
            long limit = req.getRequestURI().contains("/jolokia") ? jolokiaMax : max;
            if (length > limit) {
                PlainResponse.send(res, HttpServletResponse.SC_BAD_REQUEST,
                        "request body of " + length + " bytes is larger than the limit of " + limit + " bytes");
                return;
            }
        }
        chain.doFilter(req, res);
    }
}
