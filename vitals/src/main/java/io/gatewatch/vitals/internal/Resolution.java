package io.gatewatch.vitals.internal;

/** The two resolutions of the history, by the name the API takes ({@code resolution=1s|1m}). */
enum Resolution {
    FINE("1s", VitalsHistory.FINE_STEP_MILLIS),
    COARSE("1m", VitalsHistory.COARSE_STEP_MILLIS);

    final String label;
    final long stepMillis;

    Resolution(String label, long stepMillis) {
        this.label = label;
        this.stepMillis = stepMillis;
    }

    /** The resolution with this label, or null. */
    static Resolution of(String label) {
        for (Resolution r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        return null;
    }
}
