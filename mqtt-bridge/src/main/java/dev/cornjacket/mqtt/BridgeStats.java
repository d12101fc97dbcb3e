package dev.cornjacket.mqtt;

/**
 * What an {@link MqttBridge} has done since it started.
 *
 * @param received messages the broker delivered, redeliveries included
 * @param acknowledged messages acknowledged to the broker, each only after Kafka took all of it
 * @param eventsForwarded events Kafka took for the raw topic
 * @param deadLettered dead letters Kafka took (payloads that cannot be forwarded)
 * @param withheld messages left unacknowledged for the broker to deliver again (their connection
 *     was reset or lost, or the bridge was closing)
 * @param produceFailures messages of which Kafka did not take every record
 * @param sessionResets connections the bridge dropped after a produce failure, to have the broker
 *     deliver the message again
 * @param connections connections established, the first one included
 * @param inFlight messages taken and not yet settled
 * @param maxInFlight the most messages ever in flight at once; at most the receive maximum
 */
public record BridgeStats(
    long received,
    long acknowledged,
    long eventsForwarded,
    long deadLettered,
    long withheld,
    long produceFailures,
    long sessionResets,
    long connections,
    int inFlight,
    int maxInFlight) {}
