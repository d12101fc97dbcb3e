package dev.cornjacket.mqtt.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands messages from the MQTT client's event loop to the bridge's thread, so that the client never
 * waits for the bridge. Once the bridge has stopped, a message is left unacknowledged: the broker
 * delivers it again when the session is resumed.
 */
final class HandOver implements Consumer<InboundMessage> {

  private static final Logger log = LoggerFactory.getLogger(HandOver.class);

  private final Executor executor;
  private final Consumer<InboundMessage> messages;

  HandOver(Executor executor, Consumer<InboundMessage> messages) {
    this.executor = executor;
    this.messages = messages;
  }

  @Override
  public void accept(InboundMessage message) {
    try {
      executor.execute(() -> messages.accept(message));
    } catch (RejectedExecutionException e) {
      log.debug(
          "The MQTT bridge has stopped; a message of {} stays unacknowledged", message.topic());
    }
  }
}
