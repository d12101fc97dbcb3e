/**
 * The MQTT bridge: {@link dev.cornjacket.mqtt.MqttBridge} subscribes to {@code
 * $share/cornjacket/cj/devices/+/events} and produces raw events, acknowledging each message only
 * after Kafka acknowledged it; {@link dev.cornjacket.mqtt.BridgeStats} says what it has done.
 */
package dev.cornjacket.mqtt;
