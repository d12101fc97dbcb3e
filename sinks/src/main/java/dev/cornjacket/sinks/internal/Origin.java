package dev.cornjacket.sinks.internal;

import org.apache.kafka.common.TopicPartition;

/**
 * Where a row came from: enough to dead-letter the original record (its key and bytes, and {@code
 * topic/partition/offset}).
 *
 * @param source the front end of an event ({@code http}, {@code mqtt}), {@code null} when unknown
 */
public record Origin(
    String topic, int partition, long offset, String key, byte[] value, String source) {

  public TopicPartition topicPartition() {
    return new TopicPartition(topic, partition);
  }

  public Origin withSource(String newSource) {
    return new Origin(topic, partition, offset, key, value, newSource);
  }
}
