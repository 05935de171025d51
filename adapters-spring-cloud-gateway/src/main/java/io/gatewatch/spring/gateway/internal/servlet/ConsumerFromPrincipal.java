package io.gatewatch.spring.gateway.internal.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;

/**
 * After Spring Security's filters, where the request knows its principal: the principal's name
 * becomes the request's consumer, unless a filter already set {@value ServerMvcLabels#CONSUMER_ATTRIBUTE}.
 */
public final class ConsumerFromPrincipal implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (req instanceof HttpServletRequest request && request.getAttribute(ServerMvcLabels.CONSUMER_ATTRIBUTE) == null) {
            Principal principal = request.getUserPrincipal();
            if (principal != null) {
                request.setAttribute(ServerMvcLabels.CONSUMER_ATTRIBUTE, principal.getName());
            }
        }
        chain.doFilter(req, res);
    }
}
