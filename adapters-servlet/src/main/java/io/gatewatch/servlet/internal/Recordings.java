package io.gatewatch.servlet.internal;

import io.gatewatch.servlet.GatewatchRequest;
import jakarta.servlet.ServletRequest;

/** Finds the filter's record of a request for {@link GatewatchRequest#of}. */
public final class Recordings {
    private Recordings() {
    }

    public static GatewatchRequest find(ServletRequest request) {
        ServletRecording recording = ServletRecording.of(request);
        return recording != null ? recording : Unrecorded.INSTANCE;
    }
}
