package uk.ac.mim.ops.security;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import uk.ac.mim.config.MimProperties;

/**
 * The management surface (docs/security.md). {@code /actuator/**} (Hawtio and Jolokia included) takes HTTP
 * Basic only and is stateless: it neither creates nor accepts a session, so the console's cookie cannot
 * authenticate it and no anonymous request leaves state behind; {@code /actuator/health} is open. The console
 * has a login form with CSRF-protected forms, a {@code SameSite=Strict} session cookie created only at login,
 * and a strict Content-Security-Policy. Two roles: viewer and operator ({@link Roles}); Jolokia's operations are
 * decided per role by {@link JolokiaRestrictor}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class SecurityConfig {

    static final String CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final String[] JOLOKIA = {"/actuator/jolokia", "/actuator/jolokia/**", "/actuator/hawtio/jolokia",
            "/actuator/hawtio/jolokia/**"};

    @Bean
    @Order(1)
    SecurityFilterChain managementSecurity(HttpSecurity http, AuthenticationManager auth, LoginThrottle throttle) throws Exception {
        // a plain path matcher: Hawtio and Jolokia under /actuator are servlets, not MVC handlers
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/actuator/**"))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/**").hasRole("VIEWER")
                        // Jolokia reads and operations arrive by POST; JolokiaRestrictor decides each per role
                        .requestMatchers(HttpMethod.POST, JOLOKIA).hasRole("VIEWER")
                        .anyRequest().hasRole("OPERATOR"))
                .authenticationManager(auth)
                .httpBasic(b -> b.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(c -> c.requestCache(new NullRequestCache()))
                .addFilterBefore(new LoginThrottleFilter(throttle), BasicAuthenticationFilter.class)
                .csrf(c -> c.disable()); // no session, no cookie: nothing for a forged request to ride on
        return http.build();
    }

    /** The operator console and everything else: a login form (and Basic for scripts), CSRF-protected forms. */
    @Bean
    @Order(2)
    SecurityFilterChain consoleSecurity(HttpSecurity http, AuthenticationManager auth, LoginThrottle throttle) throws Exception {
        SimpleUrlAuthenticationFailureHandler failed = new SimpleUrlAuthenticationFailureHandler("/login?error");
        failed.setAllowSessionCreation(false); // a failed login leaves nothing on the server
        CookieCsrfTokenRepository csrf = new CookieCsrfTokenRepository(); // an anonymous login page creates no session
        csrf.setCookieCustomizer(c -> c.sameSite("Strict").httpOnly(true));
        // /error is open so that a 401 from the management chain stays a 401 (not a redirect to the login form)
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/error", "/login", "/console/console.css", "/console/console.js").permitAll()
                        .requestMatchers(HttpMethod.GET, "/console", "/console/**").hasRole("VIEWER")
                        .anyRequest().hasRole("OPERATOR"))
                .authenticationManager(auth)
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/console", true).failureHandler(failed))
                .httpBasic(b -> { })
                .requestCache(c -> c.requestCache(new NullRequestCache()))
                .csrf(c -> c.csrfTokenRepository(csrf))
                .headers(h -> h.contentSecurityPolicy(p -> p.policyDirectives(CONSOLE_CSP)))
                .addFilterBefore(new LoginThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    AuthenticationManager mimAuthenticationManager(SecurityProperties security, MimProperties props,
                                                   ApplicationEventPublisher events) throws IOException {
        List<AuthenticationProvider> providers = new ArrayList<>();
        boolean directory = LdapLogin.configured(security.getLdap());
        DaoAuthenticationProvider users = new DaoAuthenticationProvider(MimUsers.of(security, props.getDemo().isSeed(),
                props.getOutputDir(), directory));
        providers.add(users);
        if (directory) {
            providers.add(LdapLogin.provider(security.getLdap()));
        }
        ProviderManager manager = new ProviderManager(providers);
        manager.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
        return manager;
    }

    @Bean
    LoginThrottle loginThrottle(SecurityProperties security) {
        return new LoginThrottle(security.getLogin(), Clock.systemUTC());
    }

    @Bean
    JolokiaRestrictor jolokiaRestrictor(SecurityProperties security) {
        return new JolokiaRestrictor(security);
    }

    /** A URL the firewall rejects ({@code /actuator/jolokia;/version}) is a 400 without a stack trace, not a 500. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new HttpStatusRequestRejectedHandler(400);
    }

    @Bean
    FilterRegistrationBean<RequestLimits> requestLimits(SecurityProperties security) {
        FilterRegistrationBean<RequestLimits> r = new FilterRegistrationBean<>(new RequestLimits(security.getMaxRequestBytes(),
                security.getMaxJolokiaRequestBytes()));
        r.setOrder(Ordered.HIGHEST_PRECEDENCE); // before anything parses the path or reads the body
        r.addUrlPatterns("/*");
        r.setDispatcherTypes(DispatcherType.REQUEST);
        return r;
    }

    /** After Spring Security (so an anonymous request is a 401), before Jolokia. */
    @Bean
    FilterRegistrationBean<JolokiaRequestGuard> jolokiaRequestGuard(SecurityProperties security) {
        FilterRegistrationBean<JolokiaRequestGuard> r = new FilterRegistrationBean<>(new JolokiaRequestGuard(security));
        r.setOrder(0);
        r.addUrlPatterns("/actuator/jolokia", "/actuator/jolokia/*", "/actuator/hawtio/jolokia", "/actuator/hawtio/jolokia/*");
        r.setDispatcherTypes(DispatcherType.REQUEST);
        return r;
    }
}
