package io.gatewatch.spring.gateway.internal.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The {@code gatewatch.*} properties of a Spring environment (application.yml or .properties,
 * profiles, command-line arguments, system properties) as HOCON settings that keep where each
 * value came from, so that core's validation names the file and line of a bad key or value.
 *
 * <p>Spring's precedence decides between sources: the first source that names a key wins, as in
 * Spring. Environment variables are left to core's own {@code GATEWATCH_...} substitutions: their
 * names cannot be mapped back to dashed keys without guessing.
 */
public final class SpringSettings {
    /** Spring-only switch, never handed to core. */
    public static final String ENABLED = "gatewatch.enabled";
    private static final String PREFIX = "gatewatch.";

    private SpringSettings() {
    }

    /** The environment's gatewatch settings over application.conf (and -Dconfig.file), not yet over reference.conf. */
    public static Config userSettings(ConfigurableEnvironment environment, ClassLoader classLoader) {
        return fromEnvironment(environment).withFallback(ConfigFactory.defaultApplication(classLoader));
    }

    static Config fromEnvironment(ConfigurableEnvironment environment) {
        Map<String, ConfigValue> scalars = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, ConfigValue>> lists = new LinkedHashMap<>();
        Map<String, String> listOwner = new LinkedHashMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            for (String name : enumerable.getPropertyNames()) {
                if (!name.startsWith(PREFIX) || name.equals(ENABLED)) {
                    continue;
                }
                ConfigValue value = value(enumerable, name);
                int bracket = name.indexOf('[');
                if (bracket > 0 && name.endsWith("]")) {
                    String listPath = name.substring(0, bracket);
                    if (scalars.containsKey(listPath)) {
                        continue;
                    }
                    // a list comes whole from one source, as Spring binds it
                    if (listOwner.putIfAbsent(listPath, source.getName()) != null
                            && !listOwner.get(listPath).equals(source.getName())) {
                        continue;
                    }
                    int index = parseIndex(name.substring(bracket + 1, name.length() - 1));
                    if (index >= 0) {
                        lists.computeIfAbsent(listPath, k -> new TreeMap<>()).put(index, value);
                    }
                } else if (!lists.containsKey(name)) {
                    scalars.putIfAbsent(name, value);
                }
            }
        }
        Config config = ConfigFactory.empty();
        for (Map.Entry<String, ConfigValue> e : scalars.entrySet()) {
            config = withValue(config, e.getKey(), e.getValue());
        }
        for (Map.Entry<String, TreeMap<Integer, ConfigValue>> e : lists.entrySet()) {
            List<ConfigValue> items = new ArrayList<>(e.getValue().values());
            ConfigValue list = ConfigValueFactory.fromIterable(items).withOrigin(items.get(0).origin());
            config = withValue(config, e.getKey(), list);
        }
        return config;
    }

    private static Config withValue(Config config, String springName, ConfigValue value) {
        // Spring names are dotted paths; quote each segment so that HOCON reads them literally
        String path = ConfigUtil.joinPath(List.of(springName.split("\\.")));
        try {
            return config.withValue(path, value);
        } catch (com.typesafe.config.ConfigException e) {
            // "gatewatch.status" and "gatewatch.status.port" both set: the deeper key wins in Spring's binder too
            return config;
        }
    }

    private static ConfigValue value(EnumerablePropertySource<?> source, String name) {
        Object raw = source.getProperty(name);
        Object plain = raw instanceof OriginTrackedValue tracked ? tracked.getValue() : raw;
        if (plain instanceof CharSequence text) {
            plain = text.toString();
        }
        ConfigValue value = plain == null || plain instanceof String || plain instanceof Number || plain instanceof Boolean
                ? ConfigValueFactory.fromAnyRef(plain) : ConfigValueFactory.fromAnyRef(plain.toString());
        return value.withOrigin(origin(source, name));
    }

    private static ConfigOrigin origin(EnumerablePropertySource<?> source, String name) {
        Origin origin = OriginLookup.getOrigin(source, name);
        if (origin instanceof TextResourceOrigin text && text.getResource() != null) {
            String file = text.getResource().getFilename() != null ? text.getResource().getFilename()
                    : text.getResource().getDescription();
            ConfigOrigin at = ConfigOriginFactory.newSimple(file);
            return text.getLocation() == null ? at : at.withLineNumber(text.getLocation().getLine() + 1);
        }
        return ConfigOriginFactory.newSimple(origin != null ? origin.toString() : source.getName());
    }

    private static int parseIndex(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
