package io.gatewatch.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upstream handler's view of an upstream connection, message by message, as HttpClientCodec
 * delivers them: interim heads, answers, breaks, and a pooled connection reused by the next
 * request. Who answered is read from gatewatch's snapshot.
 */
class UpstreamHandlerTest {
    private static Gatewatch gatewatch;
    private static GatewatchNetty recording;
    private static int routes;
    private RouteMetrics route;
    private EmbeddedChannel server;
    private EmbeddedChannel upstream;

    @BeforeAll
    static void startGatewatch() {
        gatewatch = Gatewatch.builder().config(ConfigFactory.parseString(
                "gatewatch { shutdown-hook = false, status.enabled = false, exporters.prometheus.enabled = false, metrics.jvm = false }"))
                .start();
        recording = GatewatchNetty.create(gatewatch);
    }

    @AfterAll
    static void stopGatewatch() {
        gatewatch.close();
    }

    @BeforeEach
    void start() {
        // a route of its own per test: the counts are the whole run's
        route = recording.route("orders-" + ++routes, URI.create("http://orders:8080"), Map.of());
        server = new EmbeddedChannel(recording.serverHandler());
        upstream = new EmbeddedChannel(recording.upstreamHandler());
    }

    @AfterEach
    void stop() {
        server.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
    }

    @Test
    void aContinueFromTheUpstreamIsNotItsAnswer() {
        request();
        upstream.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE),
                LastHttpContent.EMPTY_LAST_CONTENT);
        upstream.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK),
                new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[5])));
        respond(HttpResponseStatus.OK);
        assertThat(requests("200", "upstream")).isEqualTo(1);
        assertThat(requests("200", "upstream_unreachable")).isZero();
    }

    @Test
    void anUpstreamThatBreaksBeforeAnsweringIsUnreachable() {
        request();
        upstream.close();
        respond(HttpResponseStatus.BAD_GATEWAY);
        assertThat(requests("502", "upstream_unreachable")).isEqualTo(1);
    }

    @Test
    void aPooledConnectionAnswersEachRequestOnItsOwn() {
        request();
        upstream.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK), LastHttpContent.EMPTY_LAST_CONTENT);
        respond(HttpResponseStatus.OK);
        // the next request on the same client connection goes to the same upstream connection,
        // which breaks before answering: the first request's answer does not count for it
        request();
        upstream.close();
        respond(HttpResponseStatus.BAD_GATEWAY);
        assertThat(requests("200", "upstream")).isEqualTo(1);
        assertThat(requests("502", "upstream_unreachable")).isEqualTo(1);
    }

    private void request() {
        server.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/orders/1"),
                LastHttpContent.EMPTY_LAST_CONTENT);
        GatewayExchange exchange = GatewayExchange.current(server);
        exchange.route(route);
        exchange.upstreamStarted(upstream);
        upstream.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/orders/1"));
        server.releaseInbound();
    }

    private void respond(HttpResponseStatus status) {
        server.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(new byte[3])));
        server.releaseOutbound();
    }

    private long requests(String status, String source) {
        MetricFamily family = gatewatch.snapshot().family("requests");
        long total = 0;
        for (Point point : family.points()) {
            CounterPoint counter = (CounterPoint) point;
            if (route.route().equals(counter.labels().get("route")) && status.equals(counter.labels().get("status"))
                    && source.equals(counter.labels().get("source"))) {
                total += counter.value();
            }
        }
        return total;
    }
}
