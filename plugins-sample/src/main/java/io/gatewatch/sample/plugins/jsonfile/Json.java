package io.gatewatch.sample.plugins.jsonfile;

import io.gatewatch.spi.support.JsonText;

/** The two JSON values this exporter writes: strings (quoted by the SPI's helper) and numbers (null for NaN). */
final class Json {
    private Json() {
    }

    static void string(StringBuilder out, String s) {
        JsonText.appendQuoted(out, s);
    }

    static void number(StringBuilder out, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            out.append("null");
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            out.append((long) v);
        } else {
            out.append(v);
        }
    }
}
