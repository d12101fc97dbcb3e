package dev.cornjacket.sinks.internal;

/**
 * A record the sink gives up on, with why.
 *
 * @param reason the {@code cj.dlq.reason} code
 * @param message for people
 * @param table the table it was meant for, {@code null} when it could not even be read
 * @param sqlState PostgreSQL's SQL state when PostgreSQL rejected it, else {@code null}
 */
public record DeadLetterEntry(
    Origin origin, String reason, String message, String table, String sqlState) {}
