package io.gatewatch.spring.gateway.internal.reactive;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * After Spring Security's filter chain: the authenticated principal's name becomes the request's
 * consumer, unless a filter already set {@value ExchangeRecording#CONSUMER_ATTRIBUTE} itself.
 */
public final class ConsumerFromPrincipal implements WebFilter, Ordered {
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return exchange.getPrincipal()
                .doOnNext(principal -> exchange.getAttributes().putIfAbsent(ExchangeRecording.CONSUMER_ATTRIBUTE,
                        principal.getName()))
                .then(chain.filter(exchange));
    }

    /** Spring Security's web filter chain runs at -100. */
    @Override
    public int getOrder() {
        return 0;
    }
}
