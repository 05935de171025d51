/**
 * Helpers for plugin authors: what every exporter needs and should not write again (metric and
 * label names in the dotted and underscore conventions). Depends only on the snapshot model;
 * nothing here is needed by a gateway.
 */
package io.gatewatch.spi.support;
