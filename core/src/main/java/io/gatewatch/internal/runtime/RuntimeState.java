package io.gatewatch.internal.runtime;

import io.gatewatch.api.RuntimeInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The node's identity and lifecycle phase; the phase is what readiness reads. */
final class RuntimeState implements RuntimeInfo {
    static final String UNKNOWN = "unknown";
    private final String nodeId;
    private final String version;
    private final String commit;
    private final long startTimeMillis;
    private volatile State state = State.STARTING;

    RuntimeState(String nodeId, String version, String commit, long startTimeMillis) {
        this.nodeId = nodeId;
        this.version = version;
        this.commit = commit;
        this.startTimeMillis = startTimeMillis;
    }

    static String buildVersion() {
        String v = RuntimeState.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * The commit the build recorded in {@code build.properties} (abbreviated, {@code -dirty} when
     * the working tree had changes), or {@code unknown} for a build outside a git checkout.
     */
    static String buildCommit() {
        return buildCommit(RuntimeState.class.getResourceAsStream("build.properties"));
    }

    static String buildCommit(InputStream resource) {
        if (resource == null) {
            return UNKNOWN;
        }
        Properties p = new Properties();
        try (resource) {
            p.load(resource);
        } catch (IOException e) {
            return UNKNOWN;
        }
        String id = p.getProperty("git.commit.id.abbrev", "").trim();
        if (id.isEmpty()) {
            return UNKNOWN;
        }
        return Boolean.parseBoolean(p.getProperty("git.dirty")) ? id + "-dirty" : id;
    }

    void set(State next) {
        state = next;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String commit() {
        return commit;
    }

    @Override
    public long startTimeMillis() {
        return startTimeMillis;
    }

    @Override
    public State state() {
        return state;
    }
}
