package io.gatewatch.internal.store;

import com.sun.management.UnixOperatingSystemMXBean;
import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * JVM and process metrics, read from the platform MXBeans when a snapshot is taken (no timer, so
 * an idle gateway does no work for them). Names follow the JVM conventions and take no prefix.
 */
final class JvmMetrics {
    private static final MetricDescriptor MEMORY_USED = jvm("jvm.memory.used", "Memory in use", Unit.BYTES, "area");
    private static final MetricDescriptor MEMORY_COMMITTED = jvm("jvm.memory.committed", "Memory committed", Unit.BYTES, "area");
    private static final MetricDescriptor MEMORY_MAX = jvm("jvm.memory.max", "Maximum memory (-1 if undefined)", Unit.BYTES, "area");
    private static final MetricDescriptor GC_COLLECTIONS = MetricDescriptor
            .counter("jvm.gc.collections", "Garbage collections", Unit.NONE, "gc").unprefixed();
    private static final MetricDescriptor GC_PAUSE = MetricDescriptor
            .counter("jvm.gc.pause", "Time spent in garbage collection", Unit.SECONDS, "gc").unprefixed();
    private static final MetricDescriptor THREADS_LIVE = jvm("jvm.threads.live", "Live threads", Unit.NONE);
    private static final MetricDescriptor THREADS_DAEMON = jvm("jvm.threads.daemon", "Live daemon threads", Unit.NONE);
    private static final MetricDescriptor CPU = MetricDescriptor
            .counter("process.cpu", "CPU time used by the process", Unit.SECONDS).unprefixed();
    private static final MetricDescriptor OPEN_FDS = jvm("process.open_fds", "Open file descriptors", Unit.NONE);
    private static final MetricDescriptor MAX_FDS = jvm("process.max_fds", "Maximum file descriptors", Unit.NONE);
    private static final MetricDescriptor UPTIME = jvm("process.uptime", "Time since the JVM started", Unit.SECONDS);

    /** Every family this class writes, whether or not this JVM offers it. */
    static final List<MetricDescriptor> DESCRIPTORS = List.of(MEMORY_USED, MEMORY_COMMITTED, MEMORY_MAX, GC_COLLECTIONS,
            GC_PAUSE, THREADS_LIVE, THREADS_DAEMON, CPU, OPEN_FDS, MAX_FDS, UPTIME);

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();

    private static MetricDescriptor jvm(String name, String help, Unit unit, String... labels) {
        return MetricDescriptor.gauge(name, help, unit, labels).unprefixed();
    }

    void collect(List<MetricFamily> out) {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        Labels h = Labels.pairs("area", "heap");
        Labels n = Labels.pairs("area", "nonheap");
        out.add(family(MEMORY_USED, new GaugePoint(h, heap.getUsed()), new GaugePoint(n, nonHeap.getUsed())));
        out.add(family(MEMORY_COMMITTED, new GaugePoint(h, heap.getCommitted()), new GaugePoint(n, nonHeap.getCommitted())));
        out.add(family(MEMORY_MAX, new GaugePoint(h, heap.getMax()), new GaugePoint(n, nonHeap.getMax())));

        List<Point> counts = new ArrayList<>();
        List<Point> pauses = new ArrayList<>();
        for (GarbageCollectorMXBean gc : collectors) {
            Labels l = Labels.pairs("gc", gc.getName());
            counts.add(new CounterPoint(l, Math.max(0, gc.getCollectionCount())));
            pauses.add(new CounterPoint(l, Math.max(0, gc.getCollectionTime()) * 1_000_000L));
        }
        out.add(new MetricFamily(GC_COLLECTIONS, counts));
        out.add(new MetricFamily(GC_PAUSE, pauses));
        out.add(family(THREADS_LIVE, new GaugePoint(Labels.EMPTY, threads.getThreadCount())));
        out.add(family(THREADS_DAEMON, new GaugePoint(Labels.EMPTY, threads.getDaemonThreadCount())));
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            out.add(new MetricFamily(CPU, List.of(new CounterPoint(Labels.EMPTY, Math.max(0, sun.getProcessCpuTime())))));
        }
        if (os instanceof UnixOperatingSystemMXBean unix) {
            out.add(family(OPEN_FDS, new GaugePoint(Labels.EMPTY, unix.getOpenFileDescriptorCount())));
            out.add(family(MAX_FDS, new GaugePoint(Labels.EMPTY, unix.getMaxFileDescriptorCount())));
        }
        out.add(family(UPTIME, new GaugePoint(Labels.EMPTY, runtime.getUptime() / 1000.0)));
    }

    private static MetricFamily family(MetricDescriptor d, Point... points) {
        return new MetricFamily(d, List.of(points));
    }
}
