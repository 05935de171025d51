package io.gatewatch.testing;

import io.gatewatch.spi.HealthReporter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A health reporter that keeps every record reported, oldest first, as {@code "ok: <message>"} or
 * {@code "error: <message>"}; tests assert on what a plugin reported.
 */
public final class RecordingHealth implements HealthReporter {
    private record Record(String component, String text) {
    }

    private static final Component DISCARD = new Component() {
        @Override
        public void ok(String message) {
        }

        @Override
        public void error(String message) {
        }
    };

    // one list for every component, so a test can also see what was reported where it did not expect
    private final List<Record> records;

    public RecordingHealth() {
        this(new CopyOnWriteArrayList<>());
    }

    private RecordingHealth(List<Record> records) {
        this.records = records;
    }

    /**
     * A reporter that keeps nothing, for benchmarks: a plugin reports on every interval, and a
     * long run must neither grow the heap nor allocate for it.
     */
    public static RecordingHealth keepingNothing() {
        return new RecordingHealth(null);
    }

    @Override
    public Component component(String name) {
        if (records == null) {
            return DISCARD;
        }
        return new Component() {
            @Override
            public void ok(String message) {
                records.add(new Record(name, "ok: " + message));
            }

            @Override
            public void error(String message) {
                records.add(new Record(name, "error: " + message));
            }
        };
    }

    /** What {@code component} reported so far (empty when it never reported). */
    public List<String> records(String component) {
        return kept().stream().filter(r -> r.component().equals(component)).map(Record::text).toList();
    }

    /** Every record of every component, as {@code "<component> ok: <message>"}. */
    public List<String> all() {
        return kept().stream().map(r -> r.component() + " " + r.text()).toList();
    }

    private List<Record> kept() {
        if (records == null) {
            throw new IllegalStateException("this health reporter keeps nothing");
        }
        return records;
    }
}
