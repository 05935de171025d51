package io.gatewatch.sample.plugins.fileage;

import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.spi.MetricSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code file.age{path}} in seconds, read when a snapshot is taken; a file that does not exist
 * shows -1, so an alert can tell "missing" from "old".
 */
final class FileAgeSource implements MetricSource {
    static final MetricDescriptor AGE = MetricDescriptor.gauge("file.age",
            "Seconds since the file was last modified, -1 when it does not exist", Unit.SECONDS, "path");

    private final List<Path> paths;
    private final Clock clock;

    FileAgeSource(List<Path> paths, Clock clock) {
        this.paths = List.copyOf(paths);
        this.clock = clock;
    }

    @Override
    public Collection<MetricFamily> collect() {
        List<Point> points = new ArrayList<>(paths.size());
        long now = clock.millis();
        for (Path path : paths) {
            double age;
            try {
                age = Math.max(0, now - Files.getLastModifiedTime(path).toMillis()) / 1000.0;
            } catch (IOException e) {
                age = -1;
            }
            points.add(new GaugePoint(Labels.pairs("path", path.toString()), age));
        }
        return List.of(new MetricFamily(AGE, points));
    }
}
