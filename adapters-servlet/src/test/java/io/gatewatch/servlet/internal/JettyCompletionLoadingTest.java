package io.gatewatch.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Finding Jetty's completion must never fail, whichever servlet containers a gateway has: this
 * module's classes are loaded afresh by a loader that hides the others' classes (a Tomcat-only, an
 * ee10-only and an ee11-only classpath), where the class verifier would fail a class that names an
 * absent environment's classes, and each loader finds exactly the environments it sees.
 */
class JettyCompletionLoadingTest {

    @Test
    void on_a_classpath_without_jetty_no_environment_is_found_and_nothing_fails() throws Exception {
        assertThat(environmentsFoundWithout("org.eclipse.jetty.")).isEmpty();
    }

    @Test
    void with_only_jetty_s_ee10_classes_ee10_is_found() throws Exception {
        assertThat(environmentsFoundWithout("org.eclipse.jetty.ee11.")).containsExactly("JettyEe10Environment");
    }

    @Test
    void with_only_jetty_s_ee11_classes_ee11_is_found() throws Exception {
        assertThat(environmentsFoundWithout("org.eclipse.jetty.ee10.")).containsExactly("JettyEe11Environment");
    }

    @Test
    void with_both_environments_each_is_found() throws Exception {
        assertThat(environmentsFoundWithout()).containsExactly("JettyEe10Environment", "JettyEe11Environment");
    }

    private static List<String> environmentsFoundWithout(String... hiddenPackages) throws Exception {
        try (HidingLoader loader = new HidingLoader(hiddenPackages)) {
            Class<?> recorder = Class.forName(ServletRecorder.class.getName(), true, loader);
            assertThat(recorder.getClassLoader()).as("loaded afresh, not the test's own class").isSameAs(loader);
            Method find = recorder.getDeclaredMethod("jettyCompletion");
            find.setAccessible(true);
            Object completion = find.invoke(null);
            if (completion == null) {
                return List.of();
            }
            Field environments = completion.getClass().getDeclaredField("environments");
            environments.setAccessible(true);
            return java.util.Arrays.stream((Object[]) environments.get(completion)).map(e -> e.getClass().getSimpleName()).toList();
        }
    }

    /** The test's classpath, less the classes under the hidden packages, and nothing from the test's own loader. */
    private static final class HidingLoader extends URLClassLoader {
        private final String[] hidden;

        HidingLoader(String... hidden) throws MalformedURLException {
            super(classpath(), ClassLoader.getPlatformClassLoader());
            this.hidden = hidden;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            for (String prefix : hidden) {
                if (name.startsWith(prefix)) {
                    throw new ClassNotFoundException(name + " (hidden)");
                }
            }
            return super.loadClass(name, resolve);
        }

        private static URL[] classpath() throws MalformedURLException {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(new File(entry).toURI().toURL());
            }
            return urls.toArray(new URL[0]);
        }
    }
}
