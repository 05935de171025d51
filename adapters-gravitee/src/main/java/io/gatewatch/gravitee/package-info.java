/**
 * A Gravitee APIM reporter plugin: {@link io.gatewatch.gravitee.GatewatchReporter} receives every
 * request's metrics that the gateway reports and records them into gatewatch's catalogue.
 */
package io.gatewatch.gravitee;
