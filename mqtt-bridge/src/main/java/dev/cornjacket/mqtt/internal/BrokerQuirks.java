package dev.cornjacket.mqtt.internal;

import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;

/** What an operator can do about failures that come from known broker bugs. */
final class BrokerQuirks {

  private BrokerQuirks() {}

  /**
   * A hint to append to the log line of a failure, or an empty string. Mosquitto 2.0.11 sends more
   * unacknowledged MQTT 5 messages than the receive maximum allows (eclipse-mosquitto#2301); the
   * client then has to disconnect, and on every reconnect the broker may do it again. Over MQTT
   * 3.1.1 the broker applies its own in-flight window correctly.
   */
  static String hint(Throwable failure) {
    Throwable cause = ProtocolFallback.unwrap(failure);
    if (cause instanceof Mqtt5DisconnectException disconnect
        && disconnect.getMqttMessage().getReasonCode()
            == Mqtt5DisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED) {
      return " (the broker broke MQTT 5 flow control, as Mosquitto 2.0.11 does; set"
          + " CORNJACKET_MQTT_PROTOCOL=mqtt3 for such a broker, or upgrade it)";
    }
    return "";
  }
}
