-- The shared vitals store: one row per node and period, in a form that adds up across nodes
-- exactly (counts, bucket counts of the latency histograms), plus each point's top names.

-- A node is one start of a gateway: a restart registers a new node.
CREATE TABLE vitals_nodes (
    node_key       serial  PRIMARY KEY,
    node_id        uuid    NOT NULL UNIQUE,
    name           text    NOT NULL,   -- gatewatch.node-id
    hostname       text    NOT NULL,
    version        text    NOT NULL,
    first_seen     bigint  NOT NULL,   -- epoch ms
    last_seen      bigint  NOT NULL,   -- epoch ms of its last write
    latency_bounds bigint[]            -- upper bounds (ns) of the histograms' buckets, shared by all three
);

-- resolution: 1 for 1-second points, 60 for 1-minute points. period_start: epoch ms.
CREATE TABLE vitals_points (
    resolution          smallint NOT NULL,
    period_start        bigint   NOT NULL,
    node_key            integer  NOT NULL,
    requests            bigint   NOT NULL,
    status_1xx          bigint   NOT NULL,
    status_2xx          bigint   NOT NULL,
    status_3xx          bigint   NOT NULL,
    status_4xx          bigint   NOT NULL,
    status_5xx          bigint   NOT NULL,
    bytes_in            bigint   NOT NULL,
    bytes_out           bigint   NOT NULL,
    auth_failures       bigint   NOT NULL,
    cache_hits          bigint   NOT NULL,
    cache_misses        bigint   NOT NULL,
    -- the three latency histograms (request, upstream, gateway overhead) in nanoseconds;
    -- buckets are null when the histogram saw nothing in the period
    latency_count       bigint   NOT NULL,
    latency_sum         bigint   NOT NULL,
    latency_min         bigint   NOT NULL,
    latency_max         bigint   NOT NULL,
    latency_buckets     bigint[],
    upstream_count      bigint   NOT NULL,
    upstream_sum        bigint   NOT NULL,
    upstream_min        bigint   NOT NULL,
    upstream_max        bigint   NOT NULL,
    upstream_buckets    bigint[],
    gateway_count       bigint   NOT NULL,
    gateway_sum         bigint   NOT NULL,
    gateway_min         bigint   NOT NULL,
    gateway_max         bigint   NOT NULL,
    gateway_buckets     bigint[],
    connections_sum     double precision NOT NULL,
    connections_samples integer  NOT NULL,
    PRIMARY KEY (resolution, period_start, node_key)
);

-- kind: 1 service, 2 route (name = service, route = route), 3 consumer
CREATE TABLE vitals_top (
    resolution   smallint NOT NULL,
    period_start bigint   NOT NULL,
    node_key     integer  NOT NULL,
    kind         smallint NOT NULL,
    name         text     NOT NULL,
    route        text     NOT NULL DEFAULT '',
    requests     bigint   NOT NULL,
    PRIMARY KEY (resolution, period_start, node_key, kind, name, route)
);
