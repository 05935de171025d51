package io.gatewatch.api;

/** Who and where this gatewatch is, and which phase of its life it is in. */
public interface RuntimeInfo {

    enum State { STARTING, RUNNING, DRAINING, STOPPED }

    String nodeId();

    String version();

    /** The source commit gatewatch was built from, or {@code unknown}. */
    String commit();

    long startTimeMillis();

    State state();
}
