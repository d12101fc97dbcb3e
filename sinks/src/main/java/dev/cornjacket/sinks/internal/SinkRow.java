package dev.cornjacket.sinks.internal;

/** One decoded record on its way into a table. */
public interface SinkRow {

  Origin origin();
}
