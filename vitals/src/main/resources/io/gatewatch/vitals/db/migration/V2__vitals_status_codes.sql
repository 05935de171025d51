-- Requests per status class of each point's top names per kind, and of the rest (other = true,
-- names empty), so the cluster view adds nodes' breakdowns exactly.
-- kind: 0 service, 1 route, 2 consumer, 3 consumer on a route; names a kind lacks are ''.
CREATE TABLE vitals_status_codes (
    resolution   smallint NOT NULL,
    period_start bigint   NOT NULL,
    node_key     integer  NOT NULL,
    kind         smallint NOT NULL,
    other        boolean  NOT NULL,
    consumer     text     NOT NULL DEFAULT '',
    service      text     NOT NULL DEFAULT '',
    route        text     NOT NULL DEFAULT '',
    status_1xx   bigint   NOT NULL,
    status_2xx   bigint   NOT NULL,
    status_3xx   bigint   NOT NULL,
    status_4xx   bigint   NOT NULL,
    status_5xx   bigint   NOT NULL,
    PRIMARY KEY (resolution, period_start, node_key, kind, other, consumer, service, route)
);
