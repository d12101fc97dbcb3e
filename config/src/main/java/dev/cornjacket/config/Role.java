package dev.cornjacket.config;

/** What an instance does; several can run in one process (the default is all of them). */
public enum Role {
  /** HTTP ingest and the MQTT bridge: front ends that write the raw topic. */
  INGEST,
  /** The Kafka Streams topology and the interactive queries on its stores. */
  STREAMS,
  /** Postgres sinks. */
  SINKS,
  /** The action orchestrator (webhooks). */
  ACTIONS
}
