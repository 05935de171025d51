package io.gatewatch.probes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The shipped jar: Netty inside it, relocated, nothing native, and no Netty in the published pom. */
class ShadedJarIT {
    private static final Path JAR = Path.of(System.getProperty("gatewatch.probes.jar"));
    private static final Path POM = Path.of(System.getProperty("gatewatch.probes.pom"));
    private static final String SHADED = System.getProperty("gatewatch.probes.shadedPackage").replace('.', '/') + "/";

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            return Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void nettyIsInsideOnlyRelocated() throws IOException {
        List<String> entries = entries();
        assertThat(entries).noneMatch(e -> e.startsWith("io/netty/"));
        assertThat(entries).anyMatch(e -> e.equals(SHADED + "channel/nio/NioEventLoopGroup.class"));
        assertThat(entries).anyMatch(e -> e.equals(SHADED + "handler/codec/http/HttpServerCodec.class"));
        // everything is either ours, relocated Netty, or metadata
        assertThat(entries).allMatch(e -> e.startsWith("io/gatewatch/probes/") || e.equals("io/") || e.equals("io/gatewatch/")
                || e.startsWith("META-INF/") || e.equals("reference.conf"), "only io.gatewatch.probes classes");
    }

    @Test
    void nothingNativeAndNoForeignServiceFiles() throws IOException {
        List<String> entries = entries();
        assertThat(entries).noneMatch(e -> e.startsWith("META-INF/native"));
        assertThat(entries).noneMatch(e -> e.endsWith(".so") || e.endsWith(".jnilib") || e.endsWith(".dll"));
        assertThat(entries).filteredOn(e -> e.startsWith("META-INF/services/") && !e.endsWith("/"))
                .containsExactly("META-INF/services/io.gatewatch.spi.GatewatchPlugin");
        assertThat(entries).contains("reference.conf");
    }

    @Test
    void manifestNamesTheModule() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).isEqualTo("io.gatewatch.probes");
        }
    }

    @Test
    void publishedPomDoesNotListNetty() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(POM.toFile()).getDocumentElement();
        List<String> dependencies = new ArrayList<>();
        for (Node section = project.getFirstChild(); section != null; section = section.getNextSibling()) {
            if (section.getNodeName().equals("dependencies")) {
                NodeList list = ((Element) section).getElementsByTagName("dependency");
                for (int i = 0; i < list.getLength(); i++) {
                    Element dependency = (Element) list.item(i);
                    dependencies.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
                }
            }
        }
        assertThat(text(project, "artifactId")).isEqualTo("gatewatch-health-probes");
        assertThat(dependencies).contains("io.gatewatch:gatewatch-core").noneMatch(d -> d.startsWith("io.netty:"));
    }

    private static String text(Element parent, String child) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node.getNodeName().equals(child)) {
                return node.getTextContent().trim();
            }
        }
        return null;
    }

    @Test
    void relocatedNettyLoadsWithoutAnyOtherNetty() throws Exception {
        // only the shaded jar: no io.netty anywhere on this loader's path
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            String group = (SHADED + "channel/nio/NioEventLoopGroup").replace('/', '.');
            Class<?> type = Class.forName(group, true, isolated);
            Object loop = type.getConstructor(int.class).newInstance(1);
            type.getMethod("shutdownGracefully", long.class, long.class, TimeUnit.class).invoke(loop, 0L, 1L, TimeUnit.SECONDS);
            // the loader closes below: its event loop must be gone by then
            Object terminated = type.getMethod("awaitTermination", long.class, TimeUnit.class).invoke(loop, 5L, TimeUnit.SECONDS);
            assertThat(terminated).isEqualTo(true);
            assertThat(type.getName()).startsWith("io.gatewatch.probes.shaded.io.netty.");
            assertThat(isolated.getResource("io/netty/channel/nio/NioEventLoopGroup.class")).isNull();
        }
        assertThat(getClass().getClassLoader().getResource("io/netty/channel/Channel.class"))
                .as("the integration tests run without unrelocated Netty on the class path").isNull();
    }
}
