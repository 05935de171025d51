package io.gatewatch.spi;

import com.google.inject.BindingAnnotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Qualifies a contribution set gathered from every plugin, not only the injecting plugin's own.
 * Each plugin's module is wired privately (its bindings are its own, and two plugins may bind the
 * same type), so a plain {@code Set<StatusRoute>} holds only the plugin's own routes; a plugin that
 * serves every plugin's routes, as the status listener does, injects
 * {@code @AllPlugins Set<StatusRoute>}.
 *
 * <p>The set is filled once every plugin is wired, before any {@link Lifecycle} starts: read it in
 * {@link Lifecycle#start()}, not in a constructor. Bound for {@link StatusRoute} and
 * {@link ListenerHost}.
 */
@BindingAnnotation
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface AllPlugins {
}
