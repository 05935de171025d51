package io.gatewatch.sample.plugins.upstreamcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.testing.TestPluginContext;
import org.junit.jupiter.api.Test;

class UpstreamTcpCheckPluginTest {
    @Test
    void badTargetsAndDurationsAreAllReportedWithTheirPaths() {
        ConfigException.ValidationFailed e = catchThrowableOfType(() -> new UpstreamTcpCheckPlugin().module(
                ConfigFactory.parseString("enabled = true\ntargets = [\"db:5432\", \"nocolon\", \"api:99999\"]\n"
                        + "connect-timeout = -1s\ninterval = 5s\n"), TestPluginContext.standalone()),
                ConfigException.ValidationFailed.class);
        assertThat(e.problems()).extracting(p -> p.path() + ": " + p.problem()).containsExactly(
                "gatewatch.checks.upstream-tcp.targets: must be host:port entries, got 'nocolon'",
                "gatewatch.checks.upstream-tcp.targets: must be host:port entries, got 'api:99999'",
                "gatewatch.checks.upstream-tcp.connect-timeout: must be positive, got -1s");
        assertThat(e.problems()).extracting(p -> p.origin().lineNumber()).containsExactly(2, 2, 3);
    }
}
