package io.gatewatch.internal.runtime;

import com.google.inject.AbstractModule;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.Lifecycle;
import io.gatewatch.spi.PushExporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** A gateway process for {@link ShutdownHookTest}: prints what happens, then waits for SIGTERM. */
public final class SigtermMain {
    private SigtermMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        AtomicReference<RuntimeInfo> runtime = new AtomicReference<>();
        TestPlugin plugin = new TestPlugin("test", "test", (config, context) -> new AbstractModule() {
            @Override
            protected void configure() {
                runtime.set(context.runtime());
                Contributions.lifecycles(binder()).addBinding().toInstance(new Lifecycle() {
                    @Override
                    public String name() {
                        return "listener";
                    }

                    @Override
                    public void start() {
                        say("listener started");
                    }

                    @Override
                    public void stop() {
                        say("listener stopped");
                    }
                });
                Contributions.pushExporters(binder()).addBinding().toInstance(new PushExporter() {
                    @Override
                    public String name() {
                        return "push";
                    }

                    @Override
                    public Duration interval() {
                        return Duration.ofHours(1);
                    }

                    @Override
                    public void export(Snapshot snapshot) {
                        say("final export while " + runtime.get().state());
                    }

                    @Override
                    public void flush() {
                        say("flushed");
                    }

                    @Override
                    public void close() {
                        say("exporter closed");
                    }
                });
            }
        });
        ClassLoader loader = SigtermMain.class.getClassLoader();
        Bootstrap.start(RuntimeOptions.defaults().withClassLoader(loader)
                .withConfig(ConfigFactory.parseString("gatewatch { test.enabled = true, status.drain-delay = 200ms,"
                        + " metrics.jvm = false }"))
                .withPlugins(List.of(plugin))
                .withEnvironment(java.util.Map.of()));
        say("running");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
