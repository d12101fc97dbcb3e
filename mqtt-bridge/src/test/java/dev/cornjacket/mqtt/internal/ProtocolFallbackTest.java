package dev.cornjacket.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The decision only; connecting with each protocol runs against real brokers in the integration
 * tests.
 */
class ProtocolFallbackTest {

  @Test
  void shouldTryMqtt3WhenTheBrokerHangsUpOnAnMqtt5Connect() {
    assertThat(
            ProtocolFallback.suggestsMqtt3(
                new CompletionException(new ConnectionClosedException("Server closed connection"))))
        .isTrue();
  }

  @Test
  void shouldNotTryMqtt3WhenTheBrokerIsUnreachable() {
    assertThat(
            ProtocolFallback.suggestsMqtt3(
                new CompletionException(
                    new ConnectionFailedException(new ConnectException("Connection refused")))))
        .isFalse();
    assertThat(ProtocolFallback.suggestsMqtt3(new IllegalStateException("other"))).isFalse();
  }
}
