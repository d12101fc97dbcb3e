/**
 * State store wrappers the topology builds its stores with. Wired only by {@link
 * dev.cornjacket.topology.CornjacketTopology}; not for use by other modules.
 */
package dev.cornjacket.topology.internal.store;
