/**
 * MQTT bridge: subscribes to {@code cj/devices/+/events} with a shared subscription and produces
 * raw events, acknowledging each message only after Kafka acknowledged it. Built in its own issue.
 */
package dev.cornjacket.mqtt;
