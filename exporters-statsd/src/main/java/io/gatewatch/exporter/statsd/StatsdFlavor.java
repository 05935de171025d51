package io.gatewatch.exporter.statsd;

import java.util.Locale;

/** The StatsD dialect the exporter writes ({@code flavor} in config). */
public enum StatsdFlavor {
    /** Datadog's DogStatsD: tags as {@code |#key:value,...}. The default. */
    DOGSTATSD,
    /** Plain (Etsy) StatsD: no tags; labels folded into the dotted name as {@code .key.value}. */
    ETSY,
    /** Telegraf's statsd input: Influx-style tags in the name, {@code name,key=value:1|c}. */
    TELEGRAF;

    /** The name users write in config. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The flavour with this config name, or {@code null}. */
    public static StatsdFlavor fromConfigName(String name) {
        for (StatsdFlavor f : values()) {
            if (f.configName().equals(name)) {
                return f;
            }
        }
        return null;
    }
}
