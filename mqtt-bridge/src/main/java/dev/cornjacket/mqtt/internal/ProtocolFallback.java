package dev.cornjacket.mqtt.internal;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.MqttDecodeException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Whether a failed MQTT 5 connect says "this broker only speaks 3.1.1". Such a broker either
 * refuses with "unsupported protocol version", or, not knowing MQTT 5's CONNECT, closes the
 * connection or answers with a CONNACK the MQTT 5 decoder cannot read. A broker that could not be
 * reached, or that refused the credentials, says nothing about the protocol.
 */
public final class ProtocolFallback {

  private ProtocolFallback() {}

  public static boolean suggestsMqtt3(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof Mqtt5ConnAckException refused) {
      return refused.getMqttMessage().getReasonCode()
          == Mqtt5ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
    }
    return cause instanceof ConnectionClosedException || cause instanceof MqttDecodeException;
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
