/**
 * Cornjacket's event model, its validator, the raw envelope with its serde, the typed topic
 * registry and the Kafka Streams topology ({@link dev.cornjacket.topology.CornjacketTopology}): the
 * public API of the {@code topology} module.
 *
 * <p>Other modules may use every type in this package; {@code dev.cornjacket.topology.internal}
 * (helpers) and {@code dev.cornjacket.topology.internal.processor} (the processors) are for this
 * module only. Only the serdes ({@link dev.cornjacket.topology.RawEnvelopeSerde}, {@link
 * dev.cornjacket.topology.EventSerde}), the topics ({@link dev.cornjacket.topology.Topic}, {@link
 * dev.cornjacket.topology.Topics}), the builder ({@link
 * dev.cornjacket.topology.CornjacketTopology}) and the dead-letter format and handlers ({@link
 * dev.cornjacket.topology.DeadLetters}, {@link dev.cornjacket.topology.DeadLetterHandlers}) know
 * about Kafka; the model and the validator are plain Java so that the HTTP front end, the MQTT
 * bridge and the Kafka Streams topology all judge an event the same way ({@code ArchitectureTest}
 * checks this).
 */
package dev.cornjacket.topology;
