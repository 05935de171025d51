package io.gatewatch.spring.gateway.internal.reactive;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs first of all web filters: hands the request's recording the exchange's attributes (where
 * the gateway puts the route and the upstream's response).
 */
public final class ExchangeBinding implements WebFilter, Ordered {
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getResponse() instanceof ExchangeRecording recording) {
            recording.bind(exchange.getAttributes());
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
