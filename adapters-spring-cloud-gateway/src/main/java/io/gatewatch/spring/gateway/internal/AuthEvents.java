package io.gatewatch.spring.gateway.internal;

import io.gatewatch.api.AuthMetrics;
import io.gatewatch.api.GatewayMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;

/**
 * Spring Security's authentication events as auth attempts and failures: the scheme from the kind
 * of credentials ({@code password} for user name and password, {@code bearer} for tokens, else the
 * token class's name), the failure reason from the event ({@code bad_credentials}, {@code locked}, ...).
 * Spring Security publishes these events where an {@code AuthenticationEventPublisher} is wired,
 * which Spring Boot does for servlet applications.
 */
public final class AuthEvents implements ApplicationListener<AbstractAuthenticationEvent> {
    private final GatewayMetrics metrics;
    private final Map<Class<?>, AuthMetrics> bySchemeClass = new ConcurrentHashMap<>();
    private final Map<Class<?>, String> reasons = new ConcurrentHashMap<>();

    public AuthEvents(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onApplicationEvent(AbstractAuthenticationEvent event) {
        if (event instanceof AuthenticationSuccessEvent) {
            auth(event.getAuthentication()).attempt();
        } else if (event instanceof AbstractAuthenticationFailureEvent failure) {
            AuthMetrics auth = auth(failure.getAuthentication());
            auth.attempt();
            auth.failure(reasons.computeIfAbsent(failure.getClass(), AuthEvents::reason));
        }
    }

    private AuthMetrics auth(Authentication authentication) {
        return bySchemeClass.computeIfAbsent(authentication.getClass(), type -> metrics.auth(scheme(type)));
    }

    static String scheme(Class<?> type) {
        String name = type.getSimpleName();
        if (name.startsWith("UsernamePassword")) {
            return "password";
        }
        if (name.contains("Bearer") || name.contains("Jwt")) {
            return "bearer";
        }
        return snake(name.replace("AuthenticationToken", "").replace("Authentication", ""));
    }

    /** AuthenticationFailureBadCredentialsEvent → bad_credentials. */
    static String reason(Class<?> type) {
        return snake(type.getSimpleName().replace("AuthenticationFailure", "").replace("Event", ""));
    }

    private static String snake(String camel) {
        if (camel.isEmpty()) {
            return "other";
        }
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
