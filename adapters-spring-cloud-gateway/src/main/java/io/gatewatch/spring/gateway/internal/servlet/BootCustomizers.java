package io.gatewatch.spring.gateway.internal.servlet;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Adds a customizer to one of Spring Boot's embedded server factories when the factory and its
 * customizer interface are known by name only: their packages moved between Boot 3 and Boot 4
 * with the same single method, so one jar serves both lines.
 */
final class BootCustomizers {
    private BootCustomizers() {
    }

    static Class<?> type(String name) {
        return ClassUtils.resolveClassName(name, BootCustomizers.class.getClassLoader());
    }

    /** Calls {@code factory.adder(customizer)}, the customizer being a {@code customizerType} that hands its argument to {@code action}. */
    static void add(Object factory, String adder, Class<?> customizerType, Consumer<Object> action) {
        Object customizers = Array.newInstance(customizerType, 1);
        Array.set(customizers, 0, proxy(customizerType, action));
        Method add = ReflectionUtils.findMethod(factory.getClass(), adder, customizers.getClass());
        if (add == null) {
            throw new IllegalStateException(factory.getClass().getName() + " has no " + adder + "(" + customizerType.getName() + "...)");
        }
        ReflectionUtils.invokeMethod(add, factory, customizers);
    }

    private static Object proxy(Class<?> type, Consumer<Object> action) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "customize" -> {
                action.accept(args[0]);
                yield null;
            }
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "gatewatch connection metrics (" + type.getName() + ")";
            default -> throw new UnsupportedOperationException(method.toString());
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
