package io.gatewatch.spring.gateway.internal.servlet;

import io.gatewatch.servlet.GatewatchRequest;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Server MVC's call to the upstream, timed: when it began, when the upstream's response came back
 * or the attempt failed. Wraps the application's {@link ProxyExchange} bean, whichever client it uses.
 */
public final class TimedProxyExchange implements ProxyExchange {
    private final ProxyExchange delegate;

    TimedProxyExchange(ProxyExchange delegate) {
        this.delegate = delegate;
    }

    /** Wraps every ProxyExchange bean as it is created. */
    public static BeanPostProcessor wrapper() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof ProxyExchange exchange && !(bean instanceof TimedProxyExchange)
                        ? new TimedProxyExchange(exchange) : bean;
            }
        };
    }

    @Override
    public ServerResponse exchange(Request request) {
        GatewatchRequest recording = GatewatchRequest.of(request.getServerRequest().servletRequest());
        if (!recording.recorded()) {
            return delegate.exchange(request);
        }
        recording.upstreamStarted();
        boolean answered = false;
        try {
            ServerResponse response = delegate.exchange(request);
            answered = true;
            return response;
        } finally {
            if (answered) {
                recording.upstreamAnswered();
            } else {
                recording.upstreamFailed();
            }
        }
    }
}
