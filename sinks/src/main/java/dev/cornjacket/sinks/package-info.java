/**
 * The Postgres sink: {@link dev.cornjacket.sinks.PostgresStore} (pool, Flyway migrations, daily
 * partitions and their retention), {@link dev.cornjacket.sinks.PostgresSink} (rows and consumed
 * offsets in one transaction) and {@link dev.cornjacket.sinks.StoredEvents} (reads of stored events
 * for the HTTP API). The webhook action sink comes in its own issue.
 */
package dev.cornjacket.sinks;
