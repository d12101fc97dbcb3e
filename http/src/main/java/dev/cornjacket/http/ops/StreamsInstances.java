package dev.cornjacket.http.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * {@link InstanceView} of a running Kafka Streams: partitions per store from {@code
 * metadataForAllStreamsClients}, restoration from a {@link RestorationProgress}, store lags from
 * {@code allLocalStorePartitionLags}, and consumer lag from the main consumers' {@code records-lag}
 * metric. A store's partitions are those of the source topics of its sub-topology.
 */
public final class StreamsInstances implements InstanceView {

  private static final String LAG_METRIC = "records-lag";
  private static final String FETCH_GROUP = "consumer-fetch-manager-metrics";

  private final KafkaStreams streams;
  private final TopologyDescription topology;
  private final String self;
  private final List<String> roles;
  private final RestorationProgress restoration;
  private final Map<String, Set<String>> storeTopics;

  /**
   * @param self host:port of this instance's API ({@code application.server})
   * @param roles the roles this instance runs
   * @param restoration registered as the streams' global restore listener
   */
  public StreamsInstances(
      KafkaStreams streams,
      TopologyDescription topology,
      String self,
      List<String> roles,
      RestorationProgress restoration) {
    this.streams = Objects.requireNonNull(streams, "streams");
    this.topology = Objects.requireNonNull(topology, "topology");
    this.self = Objects.requireNonNull(self, "self");
    this.roles = List.copyOf(roles);
    this.restoration = Objects.requireNonNull(restoration, "restoration");
    this.storeTopics = storeTopics(topology);
  }

  @Override
  public String self() {
    return self;
  }

  @Override
  public TopologyDescription topology() {
    return topology;
  }

  @Override
  public List<StreamsClient> clients() {
    Collection<StreamsMetadata> all;
    try {
      all = streams.metadataForAllStreamsClients();
    } catch (StreamsException | IllegalStateException e) {
      return List.of();
    }
    List<StreamsClient> clients = new ArrayList<>();
    for (StreamsMetadata metadata : all) {
      clients.add(
          new StreamsClient(
              metadata.host() + ":" + metadata.port(),
              perStore(metadata.topicPartitions(), metadata.stateStoreNames()),
              perStore(metadata.standbyTopicPartitions(), metadata.standbyStateStoreNames())));
    }
    clients.sort(Comparator.comparing(StreamsClient::host));
    return clients;
  }

  @Override
  public InstanceDetails details() {
    List<String> activeTasks = new ArrayList<>();
    List<String> standbyTasks = new ArrayList<>();
    Set<TopicPartition> standbyInputs = new HashSet<>();
    try {
      for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
        for (TaskMetadata task : thread.activeTasks()) {
          activeTasks.add(task.taskId().toString());
        }
        for (TaskMetadata task : thread.standbyTasks()) {
          standbyTasks.add(task.taskId().toString());
          standbyInputs.addAll(task.topicPartitions());
        }
      }
    } catch (StreamsException | IllegalStateException e) {
      // not running: no tasks
    }
    activeTasks.sort(Comparator.naturalOrder());
    standbyTasks.sort(Comparator.naturalOrder());
    Map<String, List<Integer>> standbyByStore = perStore(standbyInputs, storeTopics.keySet());
    long[] total = {0};
    List<PartitionLag> consumerLags = consumerLags(total);
    return new InstanceDetails(
        self,
        roles,
        streams.state().name(),
        activeTasks,
        standbyTasks,
        restoration.snapshot(),
        storeLags(standbyByStore),
        consumerLags.isEmpty() && !activeTasks.isEmpty() ? -1 : total[0],
        consumerLags);
  }

  private List<StoreLag> storeLags(Map<String, List<Integer>> standbyByStore) {
    Map<String, Map<Integer, LagInfo>> lags;
    try {
      lags = streams.allLocalStorePartitionLags();
    } catch (StreamsException | IllegalStateException e) {
      return List.of();
    }
    List<StoreLag> result = new ArrayList<>();
    new TreeMap<>(lags)
        .forEach(
            (store, partitions) ->
                new TreeMap<>(partitions)
                    .forEach(
                        (partition, lag) ->
                            result.add(
                                new StoreLag(
                                    store,
                                    partition,
                                    standbyByStore
                                            .getOrDefault(store, List.of())
                                            .contains(partition)
                                        ? "standby"
                                        : "active",
                                    lag.currentOffsetPosition(),
                                    lag.endOffsetPosition(),
                                    lag.offsetLag()))));
    return result;
  }

  /** The main consumers' lag per partition (restore and global consumers left out). */
  private List<PartitionLag> consumerLags(long[] total) {
    List<PartitionLag> lags = new ArrayList<>();
    for (Map.Entry<MetricName, ? extends Metric> entry : streams.metrics().entrySet()) {
      MetricName name = entry.getKey();
      Map<String, String> tags = name.tags();
      String client = tags.getOrDefault("client-id", "");
      if (!LAG_METRIC.equals(name.name())
          || !FETCH_GROUP.equals(name.group())
          || !tags.containsKey("partition")
          || client.endsWith("restore-consumer")
          || client.endsWith("global-consumer")) {
        continue;
      }
      Object value = entry.getValue().metricValue();
      if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
        long lag = Math.max(0, number.longValue());
        lags.add(new PartitionLag(tags.get("topic"), Integer.parseInt(tags.get("partition")), lag));
        total[0] += lag;
      }
    }
    lags.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
    return lags;
  }

  /** Per store among {@code stores}: the partitions of {@code inputs} that feed its task. */
  private Map<String, List<Integer>> perStore(
      Collection<TopicPartition> inputs, Collection<String> stores) {
    Map<String, List<Integer>> result = new TreeMap<>();
    for (String store : stores) {
      Set<String> topics = storeTopics.get(store);
      if (topics == null) {
        continue;
      }
      TreeSet<Integer> partitions = new TreeSet<>();
      for (TopicPartition input : inputs) {
        if (feeds(input.topic(), topics)) {
          partitions.add(input.partition());
        }
      }
      if (!partitions.isEmpty()) {
        result.put(store, List.copyOf(partitions));
      }
    }
    return result;
  }

  /** Internal topics appear in the description without the application id prefix. */
  private static boolean feeds(String topic, Set<String> sourceTopics) {
    for (String source : sourceTopics) {
      if (topic.equals(source) || topic.endsWith("-" + source)) {
        return true;
      }
    }
    return false;
  }

  /** Every store of a sub-topology, with the topics that sub-topology reads. */
  static Map<String, Set<String>> storeTopics(TopologyDescription description) {
    Map<String, Set<String>> result = new HashMap<>();
    for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
      Set<String> topics = new HashSet<>();
      Set<String> stores = new HashSet<>();
      for (TopologyDescription.Node node : subtopology.nodes()) {
        if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
          topics.addAll(source.topicSet());
        }
        if (node instanceof TopologyDescription.Processor processor) {
          stores.addAll(processor.stores());
        }
      }
      for (String store : stores) {
        result.computeIfAbsent(store, s -> new HashSet<>()).addAll(topics);
      }
    }
    return result;
  }
}
