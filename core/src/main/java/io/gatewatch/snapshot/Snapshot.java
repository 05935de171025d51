package io.gatewatch.snapshot;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable view of every metric at one instant: what exporters read. Counters never go down
 * between two snapshots of the same store, and in every histogram the count equals the sum of
 * its buckets.
 *
 * @param timestampMillis epoch milliseconds when the snapshot was taken
 * @param nodeId          this gateway node, unique per process unless configured
 * @param commonTags      tags every exporter attaches to every series ({@code env}, {@code region})
 */
public record Snapshot(long timestampMillis, String nodeId, Labels commonTags, List<MetricFamily> families) {
    public Snapshot {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(commonTags, "commonTags");
        families = List.copyOf(families);
    }

    /** The family with this canonical name, or {@code null}. */
    public @Nullable MetricFamily family(String name) {
        for (MetricFamily f : families) {
            if (f.descriptor().name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** The total of the number of series over all families. */
    public int seriesCount() {
        int n = 0;
        for (MetricFamily f : families) {
            n += f.points().size();
        }
        return n;
    }
}
