package io.gatewatch.internal.store;

import io.gatewatch.api.RouteMetrics;

/** A resolved consumer: its label value and a small index that keys request counters. */
record ConsumerHandle(String id, int index) implements RouteMetrics.Consumer {
}
