package io.gatewatch.exporter.datadog;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th consecutive failure waits between half and all of
 * {@code initial * 2^(n-1)}, capped at {@code max}. The random half keeps many gateways that failed
 * together from retrying together; the fixed half keeps a retry from ever coming right away.
 * A {@code Retry-After} from the intake is honoured: the wait is never shorter than it asked,
 * up to {@link #MAX} (5 minutes), the most any server-given delay can make the exporter wait: a
 * silly or hostile value (hours, {@code 9223372036854775807} seconds) waits exactly that.
 */
final class Backoff {
    static final Duration INITIAL = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofMinutes(5);

    private final DoubleSupplier random;

    /** @param random uniform in [0, 1); tests pass a fixed value */
    Backoff(DoubleSupplier random) {
        this.random = random;
    }

    Duration delay(int failures, Duration retryAfter) {
        long ceiling = MAX.toMillis();
        if (failures < 30) {
            ceiling = Math.min(ceiling, INITIAL.toMillis() << Math.max(0, failures - 1));
        }
        long jittered = ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2));
        long asked = retryAfter == null ? 0 : clamp(retryAfter).toMillis();
        return Duration.ofMillis(Math.max(jittered, asked));
    }

    /** A server-given delay within [0, MAX]; compared as a Duration, since huge ones overflow milliseconds. */
    static Duration clamp(Duration asked) {
        if (asked.isNegative()) {
            return Duration.ZERO;
        }
        return asked.compareTo(MAX) > 0 ? MAX : asked;
    }
}
