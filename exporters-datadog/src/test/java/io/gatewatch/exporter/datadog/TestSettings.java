package io.gatewatch.exporter.datadog;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;

/** Settings from HOCON text laid over the module's reference.conf, as core would merge them. */
final class TestSettings {
    static final String PATH = "gatewatch.exporters.datadog";

    private TestSettings() {
    }

    /** The merged subtree for {@code gatewatch.exporters.datadog { <body> }}. */
    static Config subtree(String body) {
        Config user = ConfigFactory.parseString("gatewatch.exporters.datadog {\n" + body + "\n}",
                ConfigParseOptions.defaults().setOriginDescription("test.conf"));
        return user.withFallback(reference()).resolve().getConfig(PATH);
    }

    /** This module's reference.conf alone (other jars' defaults are not this module's to test). */
    static Config reference() {
        try {
            var urls = TestSettings.class.getClassLoader().getResources("reference.conf");
            while (urls.hasMoreElements()) {
                Config c = ConfigFactory.parseURL(urls.nextElement());
                if (c.hasPath(PATH)) {
                    return c;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("no reference.conf declares " + PATH);
    }

    static DatadogSettings parse(String body) {
        return DatadogSettings.from(subtree(body), PATH);
    }

    /** Enabled, with the test key, plus {@code extra}. */
    static DatadogSettings enabled(String extra) {
        return parse("enabled = true\napi-key = \"" + TestKeys.API_KEY + "\"\n" + extra);
    }
}
