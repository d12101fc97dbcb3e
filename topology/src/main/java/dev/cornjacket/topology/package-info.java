/**
 * Cornjacket's event model, its validator, the raw envelope with its serde and the typed topic
 * registry: the public API of the {@code topology} module.
 *
 * <p>Other modules may use every type in this package; {@code dev.cornjacket.topology.internal} is
 * for this module only. Only {@link dev.cornjacket.topology.RawEnvelopeSerde} and {@link
 * dev.cornjacket.topology.Topic}/{@link dev.cornjacket.topology.Topics} know about Kafka; the model
 * and the validator are plain Java so that the HTTP front end, the MQTT bridge and the Kafka
 * Streams topology all judge an event the same way.
 */
package dev.cornjacket.topology;
