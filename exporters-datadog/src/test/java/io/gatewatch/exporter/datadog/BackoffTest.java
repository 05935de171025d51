package io.gatewatch.exporter.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesWithEachFailureUpToTheMaximum() {
        Backoff top = new Backoff(() -> 0.999_999);
        assertThat(top.delay(1, null).toMillis()).isBetween(999L, 1000L);
        assertThat(top.delay(2, null).toMillis()).isBetween(1999L, 2000L);
        assertThat(top.delay(5, null).toMillis()).isBetween(15_999L, 16_000L);
        assertThat(top.delay(20, null)).isLessThanOrEqualTo(Backoff.MAX);
        assertThat(top.delay(1000, null)).isLessThanOrEqualTo(Backoff.MAX);
    }

    @Test
    void jitterStaysInTheUpperHalf() {
        assertThat(new Backoff(() -> 0.0).delay(4, null)).isEqualTo(Duration.ofSeconds(4));
        assertThat(new Backoff(() -> 0.5).delay(4, null)).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void retryAfterIsNeverShortenedButCapped() {
        Backoff b = new Backoff(() -> 0.0);
        assertThat(b.delay(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.delay(1, Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.delay(1, Duration.ofHours(3))).isEqualTo(Backoff.MAX);
    }

    @Test
    void retryAfterParsesSecondsAndHttpDates() {
        ManualClock clock = new ManualClock(1_800_000_000_000L);
        assertThat(ApiClientSender.parseRetryAfter("12", clock)).isEqualTo(Duration.ofSeconds(12));
        // 1_800_000_000 s is Fri, 15 Jan 2027 08:00:00 GMT
        assertThat(ApiClientSender.parseRetryAfter("Fri, 15 Jan 2027 08:00:20 GMT", clock)).isEqualTo(Duration.ofSeconds(20));
        assertThat(ApiClientSender.parseRetryAfter("soon", clock)).isNull();
    }
}
