package dev.cornjacket.mqtt.internal;

import dev.cornjacket.config.MqttSettings.Protocol;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Builds the bridge's connections: every one with the same options, callback and executor. */
public final class BrokerConnections implements SessionKeeper.ConnectionFactory {

  private final ConnectionOptions options;
  private final Executor executor;
  private final Consumer<InboundMessage> messages;

  /**
   * @param executor where messages are handed to {@code messages}: the bridge's own thread, so that
   *     the MQTT client's threads never wait for the bridge
   */
  public BrokerConnections(
      ConnectionOptions options, Executor executor, Consumer<InboundMessage> messages) {
    this.options = Objects.requireNonNull(options, "options");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.messages = Objects.requireNonNull(messages, "messages");
  }

  @Override
  public BrokerConnection create(Protocol protocol, BiConsumer<BrokerConnection, Throwable> lost) {
    return switch (protocol) {
      case MQTT3 -> new Mqtt3Connection(options, executor, messages, lost);
      case MQTT5, AUTO -> new Mqtt5Connection(options, executor, messages, lost);
    };
  }
}
