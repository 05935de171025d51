package io.gatewatch.zuul;

import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.filters.http.HttpInboundSyncFilter;
import com.netflix.zuul.message.http.HttpRequestMessage;
import com.netflix.zuul.netty.filter.ZuulEndPointRunner;

/**
 * The test server's routing, as zuul-sample's Routes filter does it: a path prefix picks the origin
 * VIP and the proxy endpoint; anything else goes to {@link NotFound}.
 */
public final class Routes extends HttpInboundSyncFilter {
    static final String USERS = "users-api";
    static final String ORDERS = "orders-api";
    static final String DOWN = "down-api";
    static final String SLOW = "slow-api";

    @Override
    public int filterOrder() {
        return 0;
    }

    @Override
    public boolean shouldFilter(HttpRequestMessage request) {
        return true;
    }

    @Override
    public HttpRequestMessage apply(HttpRequestMessage request) {
        SessionContext context = request.getContext();
        String path = request.getPath();
        String vip = path.startsWith("/api/") ? USERS
                : path.startsWith("/orders/") ? ORDERS
                : path.startsWith("/down/") ? DOWN
                : path.startsWith("/slow/") ? SLOW
                : null;
        if (vip == null) {
            context.setEndpoint(NotFound.class.getName());
            return request;
        }
        context.setEndpoint(ZuulEndPointRunner.PROXY_ENDPOINT_FILTER_NAME);
        context.setRouteVIP(vip);
        if (vip.equals(ORDERS)) {
            context.put(ZuulLabels.SERVICE, "shop");
            String consumer = request.getHeaders().getFirst("X-Consumer");
            if (consumer != null) {
                context.put(ZuulLabels.CONSUMER, consumer);
            }
        }
        return request;
    }
}
