package io.gatewatch.spring.gateway.internal.reactive;

import io.gatewatch.api.GatewayMetrics;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.util.ClassUtils;
import reactor.netty.http.server.HttpServer;

/**
 * Registers {@link NettyConnections} as a {@code NettyServerCustomizer}, the hook Spring Boot applies to
 * the Reactor Netty server it builds. The interface moved between Boot lines
 * ({@code org.springframework.boot.web.embedded.netty} on Boot 3, {@code org.springframework.boot.reactor.netty}
 * on Boot 4) with the same single method, so one jar serves both: the customizer implements whichever
 * is present, found by name.
 */
public final class NettyCustomizerRegistrar implements BeanDefinitionRegistryPostProcessor {
    static final List<String> CUSTOMIZER_TYPES = List.of(
            "org.springframework.boot.reactor.netty.NettyServerCustomizer",
            "org.springframework.boot.web.embedded.netty.NettyServerCustomizer");
    static final String BEAN_NAME = "gatewatchNettyConnections";
    /** The Reactor Netty server's listener name in the connection metrics. */
    public static final String LISTENER = "http";

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        ClassLoader loader = NettyCustomizerRegistrar.class.getClassLoader();
        Class<?> type = CUSTOMIZER_TYPES.stream().filter(name -> ClassUtils.isPresent(name, loader))
                .findFirst().map(name -> ClassUtils.resolveClassName(name, loader)).orElse(null);
        if (type == null || registry.containsBeanDefinition(BEAN_NAME) || !(registry instanceof BeanFactory beans)) {
            return;
        }
        RootBeanDefinition definition = new RootBeanDefinition();
        definition.setTargetType(type);
        definition.setInstanceSupplier(() -> customizer(type,
                new NettyConnections(beans.getBean(GatewayMetrics.class).connections(LISTENER))));
        registry.registerBeanDefinition(BEAN_NAME, definition);
    }

    private static Object customizer(Class<?> type, NettyConnections connections) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "apply" -> connections.apply((HttpServer) args[0]);
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "gatewatch connection metrics (" + type.getName() + ")";
            default -> throw new UnsupportedOperationException(method.toString());
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
