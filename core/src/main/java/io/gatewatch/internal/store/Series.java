package io.gatewatch.internal.store;

import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Point;

/** A series the store can read into a snapshot point. */
interface Series {
    Labels labels();

    Point read();
}
