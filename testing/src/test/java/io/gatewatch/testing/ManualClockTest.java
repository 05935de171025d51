package io.gatewatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    @Test
    void movesOnlyWhenToldAndSleepsWithoutWaiting() {
        ManualClock clock = new ManualClock(1_000);
        clock.advance(Duration.ofMillis(500));
        assertThat(clock.millis()).isEqualTo(1_500);
        assertThat(clock.instant()).isEqualTo(Instant.ofEpochMilli(1_500));
        assertThat(clock.nanoTime()).isEqualTo(1_500_000_000L);

        long before = System.nanoTime();
        clock.sleep(Duration.ofSeconds(30));
        clock.sleep(Duration.ofSeconds(2));
        assertThat(System.nanoTime() - before).isLessThan(Duration.ofSeconds(1).toNanos());
        assertThat(clock.millis()).isEqualTo(33_500);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(2));

        clock.set(7);
        assertThat(clock.millis()).isEqualTo(7);
    }
}
