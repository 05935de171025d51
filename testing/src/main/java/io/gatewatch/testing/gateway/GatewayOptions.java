package io.gatewatch.testing.gateway;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a test changes about a {@link SampleGatewayProcess}: settings, a config file, the plugins, the listeners. */
public final class GatewayOptions {
    final Map<String, String> settings = new LinkedHashMap<>();
    Path configFile;
    List<Path> onlyPlugins;
    boolean listenersInConfigFile;

    GatewayOptions() {
    }

    /** A setting, passed as {@code -Dkey=value}. */
    public GatewayOptions set(String key, Object value) {
        settings.put(key, String.valueOf(value));
        return this;
    }

    /** {@code -Dconfig.file}: the configuration file the gateway reads. */
    public GatewayOptions configFile(Path file) {
        configFile = file;
        return this;
    }

    /**
     * Runs the gateway jar without the sample plugin jar its manifest names, with exactly these
     * jars on the classpath instead (none: the gateway alone).
     */
    public GatewayOptions onlyPlugins(Path... jars) {
        onlyPlugins = List.of(jars);
        return this;
    }

    /**
     * The config file sets the listeners' hosts and ports: nothing on the command line may hide a
     * broken value there. {@link SampleGatewayProcess#port} and {@code statusPort} are then unknown (-1).
     */
    public GatewayOptions listenersInConfigFile() {
        listenersInConfigFile = true;
        return this;
    }
}
