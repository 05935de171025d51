-- Requests per status class of each point's top names, one row per point and kind, so the cluster
-- view adds nodes' breakdowns exactly. kind: 0 service, 1 route, 2 consumer, 3 consumer on a route.
-- Entry i is (consumers[i], services[i], routes[i]) with 1xx..5xx at classes[5i+1 .. 5i+5]; a name
-- array the kind has no use for is null. other: 1xx..5xx of the names past the top N, null if none.
-- One row of arrays instead of one row per name: 43 % of the bytes (measured), fewer index entries.
CREATE TABLE vitals_status_codes (
    resolution   smallint NOT NULL,
    period_start bigint   NOT NULL,
    node_key     integer  NOT NULL,
    kind         smallint NOT NULL,
    consumers    text[],
    services     text[],
    routes       text[],
    classes      bigint[] NOT NULL,
    other        bigint[],
    PRIMARY KEY (resolution, period_start, node_key, kind)
);
