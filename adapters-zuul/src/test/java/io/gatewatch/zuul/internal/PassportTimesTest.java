package io.gatewatch.zuul.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import com.netflix.zuul.passport.CurrentPassport;
import com.netflix.zuul.passport.PassportState;
import io.gatewatch.api.RouteMetrics;
import org.junit.jupiter.api.Test;

/** The times read from passports stamped at known ticks, as Zuul stamps them. */
class PassportTimesTest {
    private long tick;
    private final CurrentPassport passport = new CurrentPassport(new Ticker() {
        @Override
        public long read() {
            return tick;
        }
    });

    private void at(long time, PassportState state) {
        tick = time;
        passport.add(state);
    }

    @Test
    void a_proxied_request_runs_from_its_headers_to_its_last_byte_and_its_upstream_from_connect_to_the_origins_last_byte() {
        at(0, PassportState.SERVER_CH_ACTIVE);   // the first request of a connection carries its set-up
        at(100, PassportState.IN_REQ_HEADERS_RECEIVED);
        at(150, PassportState.ORIGIN_CH_CONNECTING);
        at(170, PassportState.ORIGIN_CONN_ACQUIRE_START);
        at(200, PassportState.ORIGIN_CONN_ACQUIRE_END);
        at(300, PassportState.IN_RESP_HEADERS_RECEIVED);
        at(400, PassportState.IN_RESP_LAST_CONTENT_RECEIVED);
        at(450, PassportState.OUT_RESP_LAST_CONTENT_SENT);

        long start = PassportTimes.start(passport);
        long end = PassportTimes.end(passport, 9_999);
        long upstreamStart = PassportTimes.upstreamStart(passport);
        assertThat(end - start).isEqualTo(350);
        assertThat(upstreamStart).isEqualTo(150);
        assertThat(PassportTimes.upstreamAnswered(passport)).isTrue();
        assertThat(PassportTimes.upstream(passport, upstreamStart, true, end)).isEqualTo(250);
    }

    @Test
    void a_pooled_connection_starts_the_attempt_at_its_acquire_and_a_retry_stays_inside_the_upstream_time() {
        at(10, PassportState.IN_REQ_HEADERS_RECEIVED);
        at(20, PassportState.ORIGIN_CONN_ACQUIRE_START);
        at(30, PassportState.ORIGIN_CH_READ_TIMEOUT);
        at(40, PassportState.ORIGIN_RETRY_START);
        at(50, PassportState.ORIGIN_CONN_ACQUIRE_START);
        at(60, PassportState.IN_RESP_HEADERS_RECEIVED);
        at(90, PassportState.IN_RESP_LAST_CONTENT_RECEIVED);
        at(95, PassportState.OUT_RESP_LAST_CONTENT_SENT);

        long upstreamStart = PassportTimes.upstreamStart(passport);
        assertThat(upstreamStart).isEqualTo(20);
        assertThat(PassportTimes.upstream(passport, upstreamStart, true, 95)).isEqualTo(70);
    }

    @Test
    void a_failed_attempt_ends_at_the_failure_zuul_stamped() {
        at(10, PassportState.IN_REQ_HEADERS_RECEIVED);
        at(20, PassportState.ORIGIN_CH_CONNECTING);
        at(25, PassportState.ORIGIN_CONN_ACQUIRE_START);
        at(70, PassportState.ORIGIN_CONN_ACQUIRE_FAILED);
        at(90, PassportState.OUT_RESP_LAST_CONTENT_SENT);

        long upstreamStart = PassportTimes.upstreamStart(passport);
        assertThat(PassportTimes.upstreamAnswered(passport)).isFalse();
        assertThat(PassportTimes.upstream(passport, upstreamStart, false, 90)).isEqualTo(50);
    }

    @Test
    void a_response_never_sent_runs_to_now_and_a_request_never_proxied_has_no_upstream_time() {
        at(10, PassportState.IN_REQ_HEADERS_RECEIVED);
        at(20, PassportState.FILTERS_INBOUND_END);

        assertThat(PassportTimes.end(passport, 500)).isEqualTo(500);
        assertThat(PassportTimes.upstreamStart(passport)).isEqualTo(-1);
        assertThat(PassportTimes.upstream(passport, -1, false, 500)).isEqualTo(RouteMetrics.NO_UPSTREAM);
    }

    @Test
    void a_failure_zuul_did_not_stamp_runs_the_attempt_to_the_end() {
        at(10, PassportState.IN_REQ_HEADERS_RECEIVED);
        at(20, PassportState.ORIGIN_CONN_ACQUIRE_START);
        at(80, PassportState.OUT_RESP_LAST_CONTENT_SENT);

        assertThat(PassportTimes.upstream(passport, 20, false, 80)).isEqualTo(60);
    }
}
