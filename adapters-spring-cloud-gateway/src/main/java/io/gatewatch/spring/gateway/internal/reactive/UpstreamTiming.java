package io.gatewatch.spring.gateway.internal.reactive;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Just before the routing filter (and after every route filter, so a request the rate limiter or
 * an auth filter refused never starts an upstream attempt): marks when the upstream attempt began
 * and when the routing step ended (the upstream's headers arrived, or the attempt failed).
 */
public final class UpstreamTiming implements GlobalFilter, Ordered {
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ExchangeRecording recording = ExchangeRecording.of(exchange.getResponse());
        if (recording == null) {
            return chain.filter(exchange);
        }
        recording.upstreamStarted();
        return chain.filter(exchange).doFinally(signal -> recording.upstreamEnded());
    }

    @Override
    public int getOrder() {
        return NettyRoutingFilter.ORDER - 1;
    }
}
