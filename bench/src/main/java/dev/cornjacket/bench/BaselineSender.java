package dev.cornjacket.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The baseline: one shared producer; each client sends a batch and waits for all its acks. */
final class BaselineSender implements AutoCloseable {

  record Record(String key, byte[] value) {}

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;

  BaselineSender(Map<String, Object> producerConfig, String topic) {
    this.producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  PhaseResult run(List<List<Record>> batches, int totalBatches, int batchSize, int clients)
      throws Exception {
    return ClosedLoopLoad.run(batches, totalBatches, batchSize, clients, this::sendAndAwait);
  }

  private boolean sendAndAwait(List<Record> batch) throws InterruptedException {
    CountDownLatch acks = new CountDownLatch(batch.size());
    AtomicInteger errors = new AtomicInteger();
    for (Record r : batch) {
      producer.send(
          new ProducerRecord<>(topic, r.key(), r.value()),
          (metadata, exception) -> {
            if (exception != null) {
              errors.incrementAndGet();
            }
            acks.countDown();
          });
    }
    acks.await();
    return errors.get() == 0;
  }

  @Override
  public void close() {
    producer.close();
  }
}
