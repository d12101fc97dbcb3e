package dev.cornjacket.sinks.webhook.internal;

/**
 * One alert on its way to one endpoint.
 *
 * @param alertId the idempotency key
 * @param key the record's key (device id), for the dead letter
 * @param body the alert's JSON as read from the topic: what is posted and signed
 * @param topic where it came from
 * @param onDone called once its outcome (delivered or dead-lettered) is recorded
 */
public record Delivery(
    String alertId,
    String key,
    byte[] body,
    String topic,
    int partition,
    long offset,
    Runnable onDone) {}
