package dev.cornjacket.http.ops;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyDescription;

/**
 * What the operator API tells about the instances of the application: served as {@code GET
 * /api/v1/ops/instances}, {@code /api/v1/ops/instances/self} and {@code /api/v1/ops/topology}. The
 * streams role plugs in {@link StreamsInstances}.
 */
public interface InstanceView {

  /** host:port of this instance's API, as the other instances know it. */
  String self();

  /** Every instance of the application as Kafka Streams' metadata knows it; empty when unknown. */
  List<StreamsClient> clients();

  /** This instance's own state, which only it knows. */
  InstanceDetails details();

  /** The topology this instance runs. */
  TopologyDescription topology();

  /**
   * One instance in the streams metadata.
   *
   * @param host host:port of its API
   * @param activePartitions per store, the partitions it owns
   * @param standbyPartitions per store, the partitions it keeps a standby replica of
   */
  record StreamsClient(
      String host,
      Map<String, List<Integer>> activePartitions,
      Map<String, List<Integer>> standbyPartitions) {
    public StreamsClient {
      activePartitions = Map.copyOf(activePartitions);
      standbyPartitions = Map.copyOf(standbyPartitions);
    }
  }

  /**
   * What an instance knows about itself.
   *
   * @param host host:port of its API
   * @param roles the roles it runs
   * @param state the Kafka Streams state ({@code RUNNING}, {@code REBALANCING}, ...)
   * @param activeTasks ids of its active tasks ({@code subtopology_partition})
   * @param standbyTasks ids of its standby tasks
   * @param restoration the last restoration of each local store partition
   * @param storeLags how far each local store partition is behind its changelog
   * @param consumerLag records not yet consumed from its input partitions (-1 when unknown)
   * @param consumerLags the same per input partition
   */
  record InstanceDetails(
      String host,
      List<String> roles,
      String state,
      List<String> activeTasks,
      List<String> standbyTasks,
      List<RestorationProgress.Restoration> restoration,
      List<StoreLag> storeLags,
      long consumerLag,
      List<PartitionLag> consumerLags) {
    public InstanceDetails {
      roles = List.copyOf(roles);
      activeTasks = List.copyOf(activeTasks);
      standbyTasks = List.copyOf(standbyTasks);
      restoration = List.copyOf(restoration);
      storeLags = List.copyOf(storeLags);
      consumerLags = List.copyOf(consumerLags);
    }
  }

  /**
   * The lag of one local store partition (KIP-535).
   *
   * @param replica {@code active} or {@code standby}
   */
  record StoreLag(
      String store, int partition, String replica, long currentOffset, long endOffset, long lag) {}

  /** Consumer lag of one input partition. */
  record PartitionLag(String topic, int partition, long lag) {}
}
