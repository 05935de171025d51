package io.gatewatch.zuul;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.netflix.config.ConfigurationManager;
import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests' Zuul server as a process for benchmarks/zuul.sh, with gatewatch on or off (then no
 * gatewatch module, handler or channel handler at all) and its origin in the same process.
 * Arguments: on|off, the Zuul port, the status listener's port.
 */
public final class ZuulBenchmarkServer {
    private ZuulBenchmarkServer() {
    }

    private static long eventLoopAllocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("Salamander-ClientToZuulWorker")) {
                total += threads.getThreadAllocatedBytes(thread.getId());
            }
        }
        return total;
    }

    public static void main(String[] args) throws Exception {
        boolean on = args[0].equals("on");
        int zuulPort = Integer.parseInt(args[1]);
        int statusPort = Integer.parseInt(args[2]);
        Upstream upstream = new Upstream();
        Origins.origin(ConfigurationManager.getConfigInstance(), Routes.USERS, upstream.port());

        List<Module> modules = new ArrayList<>();
        modules.add(new ZuulTestModule(on));
        if (on) {
            modules.add(new GatewatchZuulModule(ConfigFactory.parseString("gatewatch { shutdown-hook = false, "
                    + "status { host = \"127.0.0.1\", port = " + statusPort + ", drain-delay = 0s } }")
                    .withFallback(ConfigFactory.load())));
        }
        Injector injector = Guice.createInjector(Stage.PRODUCTION, modules);
        TrimmedServerStartup zuul = injector.getInstance(TrimmedServerStartup.class);
        zuul.start(zuulPort);
        System.out.println("zuul " + (on ? "with" : "without") + " gatewatch on 127.0.0.1:" + zuulPort);
        // what Zuul's event loops allocated, read when the script stops the server: unlike
        // throughput, bytes per request hardly depend on how busy the machine is
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                System.out.println("event-loop-allocated-bytes " + eventLoopAllocatedBytes())));
        Thread.currentThread().join();
    }
}
