/**
 * The Kafka Streams processors of the topology, one class per step. Wired only by {@link
 * dev.cornjacket.topology.CornjacketTopology}; not for use by other modules.
 */
package dev.cornjacket.topology.internal.processor;
