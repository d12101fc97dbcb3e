package dev.cornjacket.mqtt.internal;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A connection over an MQTT 3.1.1 client, for brokers without MQTT 5. The session lasts as long as
 * the broker keeps sessions of 3.1.1 clients (there is no session expiry in 3.1.1), and the
 * broker's own in-flight window bounds the unacknowledged messages (there is no receive maximum).
 */
final class Mqtt3Connection implements BrokerConnection {

  private final Mqtt3AsyncClient client;
  private final ConnectionOptions options;

  Mqtt3Connection(
      ConnectionOptions options,
      Executor executor,
      Consumer<InboundMessage> messages,
      BiConsumer<BrokerConnection, Throwable> lost) {
    this.options = options;
    Consumer<InboundMessage> handOver = new HandOver(executor, messages);
    Mqtt3ClientBuilder builder =
        options.clientBuilder(cause -> lost.accept(this, cause)).useMqttVersion3();
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
        .cleanSession(false)
        .keepAlive((int) options.keepAlive().toSeconds())
        .send()
        .thenApply(Mqtt3ConnAck::isSessionPresent);
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
              List<Mqtt3SubAckReturnCode> codes = subAck.getReturnCodes();
              if (codes.stream().anyMatch(Mqtt3SubAckReturnCode::isError)) {
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
    return client
        .unsubscribeWith()
        .topicFilter(topicFilter)
        .send()
        .thenCompose(unsubscribed -> client.disconnect());
  }

  @Override
  public String protocolName() {
    return "MQTT 3.1.1";
  }
}
