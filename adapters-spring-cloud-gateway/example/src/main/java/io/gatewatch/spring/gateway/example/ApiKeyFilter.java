package io.gatewatch.spring.gateway.example;

import java.util.Map;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Routes whose metadata says {@code api-key: required} need a known {@code X-Api-Key}. The key's
 * client becomes the request's consumer through the {@code gatewatch.consumer} exchange attribute:
 * the one line an application writes to get per-consumer counts from its own authentication.
 */
@Component
class ApiKeyFilter implements GlobalFilter, Ordered {
    static final String HEADER = "X-Api-Key";
    static final Map<String, String> CLIENTS = Map.of("key-ada", "ada", "key-bob", "bob");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null || !"required".equals(route.getMetadata().get("api-key"))) {
            return chain.filter(exchange);
        }
        String client = CLIENTS.get(String.valueOf(exchange.getRequest().getHeaders().getFirst(HEADER)));
        if (client == null) {
            exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
            return exchange.getResponse().setComplete();
        }
        exchange.getAttributes().put("gatewatch.consumer", client);
        return chain.filter(exchange);
    }

    /** Before the route's own filters (the rate limiter among them). */
    @Override
    public int getOrder() {
        return -10;
    }
}
