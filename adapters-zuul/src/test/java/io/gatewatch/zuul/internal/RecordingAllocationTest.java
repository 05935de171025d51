package io.gatewatch.zuul.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.zuul.context.CommonContextKeys;
import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.message.Headers;
import com.netflix.zuul.message.http.HttpQueryParams;
import com.netflix.zuul.message.http.HttpRequestMessageImpl;
import com.netflix.zuul.message.http.HttpResponseMessageImpl;
import com.netflix.zuul.passport.CurrentPassport;
import com.netflix.zuul.passport.PassportState;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.testing.Ports;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * What recording one proxied request allocates on Zuul's thread, beside everything Zuul itself
 * allocates: measured on the same Zuul objects the server hands the handler, and printed (a figure
 * for RESULTS.md, not a limit: it depends on the JIT's escape analysis).
 */
class RecordingAllocationTest {

    @Test
    void recording_a_proxied_request_counts_each_call_and_reports_its_allocation() {
        try (Gatewatch gatewatch = Gatewatch.start(ConfigFactory.parseString("gatewatch { shutdown-hook = false, "
                + "status { host = \"127.0.0.1\", port = " + Ports.free() + ", drain-delay = 0s } }"))) {
            ZuulRequestRecorder recorder = new ZuulRequestRecorder(gatewatch.metrics());
            SessionContext context = new SessionContext();
            context.setRouteVIP("users-api");
            context.put(CommonContextKeys.REQ_BODY_SIZE_PROVIDER, () -> 100L);
            context.put(CommonContextKeys.RESP_BODY_SIZE_PROVIDER, () -> 5_000L);
            CurrentPassport passport = CurrentPassport.create();
            for (PassportState state : new PassportState[] {PassportState.IN_REQ_HEADERS_RECEIVED,
                    PassportState.FILTERS_INBOUND_START, PassportState.FILTERS_INBOUND_END,
                    PassportState.ORIGIN_CONN_ACQUIRE_START, PassportState.ORIGIN_CONN_ACQUIRE_END,
                    PassportState.OUT_REQ_HEADERS_SENDING, PassportState.OUT_REQ_HEADERS_SENT,
                    PassportState.OUT_REQ_LAST_CONTENT_SENDING, PassportState.OUT_REQ_LAST_CONTENT_SENT,
                    PassportState.IN_RESP_HEADERS_RECEIVED, PassportState.IN_RESP_LAST_CONTENT_RECEIVED,
                    PassportState.FILTERS_OUTBOUND_START, PassportState.FILTERS_OUTBOUND_END,
                    PassportState.OUT_RESP_HEADERS_SENDING, PassportState.OUT_RESP_HEADERS_SENT,
                    PassportState.OUT_RESP_LAST_CONTENT_SENDING, PassportState.OUT_RESP_LAST_CONTENT_SENT}) {
                passport.add(state);
            }
            context.put(CommonContextKeys.PASSPORT, passport);
            HttpRequestMessageImpl request = new HttpRequestMessageImpl(context, "HTTP/1.1", "get", "/api/users/1",
                    new HttpQueryParams(), new Headers(), "127.0.0.1", "http", 80, "localhost");
            request.storeInboundRequest();   // as Zuul's request receiver does
            HttpResponseMessageImpl response = new HttpResponseMessageImpl(context, request, 200);

            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long self = Thread.currentThread().getId();
            for (int i = 0; i < 300_000; i++) {   // long enough for the JIT's second tier
                recorder.record(request, response);
            }
            int measured = 100_000;
            long before = threads.getThreadAllocatedBytes(self);
            for (int i = 0; i < measured; i++) {
                recorder.record(request, response);
            }
            long perRequest = (threads.getThreadAllocatedBytes(self) - before) / measured;
            System.out.println("recording one proxied request allocated " + perRequest + " bytes (after warm-up)");

            double recorded = gatewatch.snapshot().family("requests").points().stream()
                    .mapToDouble(p -> ((io.gatewatch.snapshot.CounterPoint) p).value()).sum();
            assertThat(recorded).isEqualTo(400_000);
        }
    }
}
