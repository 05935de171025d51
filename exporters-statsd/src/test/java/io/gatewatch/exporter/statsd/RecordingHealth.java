package io.gatewatch.exporter.statsd;

import io.gatewatch.spi.HealthReporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps every record reported, per component, oldest first ("ok: ..." or "error: ..."). */
final class RecordingHealth implements HealthReporter {
    private final Map<String, List<String>> records = new ConcurrentHashMap<>();

    @Override
    public Component component(String name) {
        List<String> list = records.computeIfAbsent(name, n -> java.util.Collections.synchronizedList(new ArrayList<>()));
        return new Component() {
            public void ok(String message) {
                list.add("ok: " + message);
            }

            public void error(String message) {
                list.add("error: " + message);
            }
        };
    }

    List<String> records(String component) {
        return List.copyOf(records.getOrDefault(component, List.of()));
    }
}
