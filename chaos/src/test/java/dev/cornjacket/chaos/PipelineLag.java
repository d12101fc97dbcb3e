package dev.cornjacket.chaos;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records each reader of the pipeline still has before it: every Kafka consumer group (the
 * streams application, the dispatcher), by its committed offsets, and the PostgreSQL sinks, by the
 * offsets they store with their rows ({@code sink_offsets}). A missing event while the lag still
 * falls is late; one still missing when no reader moves any more is lost.
 */
record PipelineLag(Map<String, Long> recordsBehind) {

  /** The lag of every reader, or the failure to read it as the only entry. */
  static PipelineLag read(ChaosStack stack) {
    Map<String, Long> behind = new TreeMap<>();
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafka().bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000))) {
      for (GroupListing group : admin.listGroups().all().get(10, TimeUnit.SECONDS)) {
        Map<TopicPartition, Long> committed =
            admin
                .listConsumerGroupOffsets(group.groupId())
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS)
                .entrySet()
                .stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> offset(e.getValue())));
        behind.put("group " + group.groupId(), lag(admin, committed));
      }
      for (Map.Entry<String, Map<TopicPartition, Long>> sink : sinkOffsets(stack).entrySet()) {
        behind.put("sink " + sink.getKey(), lag(admin, sink.getValue()));
      }
    } catch (ExecutionException | TimeoutException | SQLException e) {
      return new PipelineLag(Map.of("unknown (" + e + ")", -1L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new PipelineLag(Map.of("unknown (interrupted)", -1L));
    }
    return new PipelineLag(behind);
  }

  /** Records behind in all readers together; negative when it could not be read. */
  long total() {
    return recordsBehind.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public String toString() {
    return recordsBehind.toString();
  }

  private static long offset(OffsetAndMetadata committed) {
    return committed.offset();
  }

  private static long lag(Admin admin, Map<TopicPartition, Long> positions)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (positions.isEmpty()) {
      return 0;
    }
    Map<TopicPartition, OffsetSpec> latest =
        positions.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
    long lag = 0;
    for (Map.Entry<TopicPartition, Long> position : positions.entrySet()) {
      // a transaction's commit marker takes an offset too, so a reader that has every record of a
      // transactional topic may still show 1 per partition until its next read
      lag += Math.max(0, ends.get(position.getKey()).offset() - position.getValue());
    }
    return lag;
  }

  private static Map<String, Map<TopicPartition, Long>> sinkOffsets(ChaosStack stack)
      throws SQLException {
    Map<String, Map<TopicPartition, Long>> offsets = new HashMap<>();
    try (Connection connection = stack.database();
        Statement query = connection.createStatement();
        ResultSet rs =
            query.executeQuery(
                "SELECT group_id, topic, partition, next_offset FROM sink_offsets")) {
      while (rs.next()) {
        offsets
            .computeIfAbsent(rs.getString(1), k -> new HashMap<>())
            .put(new TopicPartition(rs.getString(2), rs.getInt(3)), rs.getLong(4));
      }
    }
    return offsets;
  }
}
