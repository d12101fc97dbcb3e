package dev.cornjacket.mqtt.internal;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** A connection over an MQTT 5 client. */
final class Mqtt5Connection implements BrokerConnection {

  private final Mqtt5AsyncClient client;
  private final ConnectionOptions options;

  /**
   * @param messages receives every message, on {@code executor}
   * @param lost told when the established connection breaks (not when the bridge disconnects)
   */
  Mqtt5Connection(
      ConnectionOptions options,
      Executor executor,
      Consumer<InboundMessage> messages,
      BiConsumer<BrokerConnection, Throwable> lost) {
    this.options = options;
    Consumer<InboundMessage> handOver = new HandOver(executor, messages);
    Mqtt5ClientBuilder builder =
        options.clientBuilder(cause -> lost.accept(this, cause)).useMqttVersion5();
    options
        .username()
        .ifPresent(
            user ->
                builder
                    .simpleAuth()
                    .username(user)
                    .password(options.password().orElse(new byte[0]))
                    .applySimpleAuth());
    client = builder.buildAsync();
    // The callback runs on the client's event loop and only hands the message over. (Given an
    // executor, the client would also hand it the end of the client-side session, which comes
    // long after the bridge is gone.)
    client.publishes(
        MqttGlobalPublishFilter.ALL,
        publish ->
            handOver.accept(
                new InboundMessage(
                    publish.getTopic().toString(),
                    publish.getPayloadAsBytes(),
                    this,
                    publish::acknowledge)),
        true);
  }

  @Override
  public CompletableFuture<Boolean> connect() {
    return client
        .connectWith()
        .cleanStart(false)
        .sessionExpiryInterval(options.sessionExpiry().toSeconds())
        .keepAlive((int) options.keepAlive().toSeconds())
        .restrictions()
        .receiveMaximum(options.receiveMaximum())
        .applyRestrictions()
        .send()
        .thenApply(Mqtt5ConnAck::isSessionPresent);
  }

  @Override
  public CompletableFuture<Void> subscribe(String topicFilter) {
    return client
        .subscribeWith()
        .topicFilter(topicFilter)
        .qos(MqttQos.AT_LEAST_ONCE)
        .send()
        .thenAccept(
            subAck -> {
              List<Mqtt5SubAckReasonCode> codes = subAck.getReasonCodes();
              if (codes.stream().anyMatch(Mqtt5SubAckReasonCode::isError)) {
                throw new SubscriptionRefusedException(topicFilter, codes.toString());
              }
            });
  }

  @Override
  public CompletableFuture<Void> disconnect() {
    return client.disconnect();
  }

  @Override
  public CompletableFuture<Void> leave(String topicFilter) {
    return client.disconnectWith().sessionExpiryInterval(0).send();
  }

  @Override
  public String protocolName() {
    return "MQTT 5";
  }
}
