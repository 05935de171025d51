package io.gatewatch.vertx.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.HashMap;
import java.util.Map;

/** The adapter's settings under {@code gatewatch.vertx}, checked once at start-up. */
public record VertxSettings(Map<String, String> services, String listener) {
    private static final String SECTION = "gatewatch.vertx";
    private static final String SERVICES = SECTION + ".services";
    private static final String LISTENER = SECTION + ".listener";

    public static VertxSettings read(Config config) {
        Config merged = config.withFallback(ConfigFactory.defaultReference(VertxSettings.class.getClassLoader())).resolve();
        ConfigObject services = merged.getObject(SERVICES);
        Map<String, String> byRoute = new HashMap<>();
        for (Map.Entry<String, ConfigValue> entry : services.entrySet()) {
            ConfigValue value = entry.getValue();
            if (value.valueType() != ConfigValueType.STRING || value.unwrapped().toString().isBlank()) {
                throw new ConfigException.BadValue(value.origin(), SERVICES + ".\"" + entry.getKey() + "\"",
                        "expected a service name (a non-empty string), found " + value.render());
            }
            byRoute.put(routeName(entry.getKey()), value.unwrapped().toString());
        }
        String listener = merged.getString(LISTENER);
        if (listener.isBlank()) {
            throw new ConfigException.BadValue(merged.getValue(LISTENER).origin(), LISTENER, "expected a listener name, found \"\"");
        }
        return new VertxSettings(Map.copyOf(byRoute), listener);
    }

    /** Vert.x Web names {@code route("/api/*")} by its path without the wildcard: {@code /api/}. */
    static String routeName(String key) {
        return key.endsWith("/*") ? key.substring(0, key.length() - 1) : key;
    }
}
