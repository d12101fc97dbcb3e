/** Helpers of the topology module. Not for use by other modules. */
package dev.cornjacket.topology.internal;
