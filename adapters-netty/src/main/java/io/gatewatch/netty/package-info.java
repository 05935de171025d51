/**
 * The Netty adapter: {@link io.gatewatch.netty.GatewatchNetty} makes the handlers a Netty HTTP
 * gateway adds to its server and upstream pipelines, {@link io.gatewatch.netty.GatewayExchange}
 * is how the gateway labels a request (route, consumer, upstream attempt), and
 * {@link io.gatewatch.netty.ConnectionCounter} counts connections for any Netty server.
 */
package io.gatewatch.netty;
