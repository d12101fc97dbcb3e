package dev.cornjacket.devstack.internal;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.coordinator.group.GroupCoordinatorConfig;
import org.apache.kafka.coordinator.share.ShareCoordinatorConfig;
import org.apache.kafka.coordinator.transaction.TransactionLogConfig;
import org.apache.kafka.network.SocketServerConfigs;
import org.apache.kafka.raft.KRaftConfigs;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.config.ReplicationConfigs;
import org.apache.kafka.server.config.ServerLogConfigs;
import org.apache.kafka.storage.internals.log.CleanerConfig;

/** The configuration of a single-node Kafka cluster: one process that is broker and controller. */
public final class KafkaBrokerProperties {

  public static final int NODE_ID = 1;
  public static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String BROKER_LISTENER = "PLAINTEXT";

  /**
   * Fewer partitions than the defaults (50) for the internal topics: they are created on the first
   * consumer group and the first transaction, and 50 partitions on one node cost seconds and file
   * handles for nothing.
   */
  private static final int INTERNAL_TOPIC_PARTITIONS = 5;

  /**
   * The log cleaner allocates its dedupe buffer up front (128 MiB by default); compacted topics in
   * development are small.
   */
  private static final long CLEANER_BUFFER_BYTES = 16L * 1024 * 1024;

  private KafkaBrokerProperties() {}

  /** Properties for a combined broker and controller listening on localhost only. */
  public static Properties of(Path logDir, int brokerPort, int controllerPort) {
    Properties props = new Properties();
    props.put(KRaftConfigs.PROCESS_ROLES_CONFIG, "broker,controller");
    props.put(KRaftConfigs.NODE_ID_CONFIG, String.valueOf(NODE_ID));
    props.put(QuorumConfig.QUORUM_VOTERS_CONFIG, NODE_ID + "@localhost:" + controllerPort);
    props.put(KRaftConfigs.CONTROLLER_LISTENER_NAMES_CONFIG, CONTROLLER_LISTENER);
    props.put(
        SocketServerConfigs.LISTENERS_CONFIG,
        BROKER_LISTENER
            + "://localhost:"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://localhost:"
            + controllerPort);
    props.put(
        SocketServerConfigs.ADVERTISED_LISTENERS_CONFIG,
        BROKER_LISTENER + "://localhost:" + brokerPort);
    props.put(
        SocketServerConfigs.LISTENER_SECURITY_PROTOCOL_MAP_CONFIG,
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put(ReplicationConfigs.INTER_BROKER_LISTENER_NAME_CONFIG, BROKER_LISTENER);
    props.put(ServerLogConfigs.LOG_DIRS_CONFIG, logDir.toAbsolutePath().toString());

    // One node: every internal topic must accept a replication factor and min.insync of 1, or
    // consumer groups, transactions (exactly-once) and share groups do not work at all.
    props.put(GroupCoordinatorConfig.OFFSETS_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
    props.put(
        GroupCoordinatorConfig.OFFSETS_TOPIC_PARTITIONS_CONFIG, str(INTERNAL_TOPIC_PARTITIONS));
    props.put(TransactionLogConfig.TRANSACTIONS_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
    props.put(TransactionLogConfig.TRANSACTIONS_TOPIC_MIN_ISR_CONFIG, "1");
    props.put(
        TransactionLogConfig.TRANSACTIONS_TOPIC_PARTITIONS_CONFIG, str(INTERNAL_TOPIC_PARTITIONS));
    props.put(ShareCoordinatorConfig.STATE_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
    props.put(ShareCoordinatorConfig.STATE_TOPIC_MIN_ISR_CONFIG, "1");

    // Without this, every consumer group waits 3 s for more members before its first assignment.
    props.put(GroupCoordinatorConfig.GROUP_INITIAL_REBALANCE_DELAY_MS_CONFIG, "0");
    // The application creates its topics with the right settings; a typo must not create one.
    props.put(ServerLogConfigs.AUTO_CREATE_TOPICS_ENABLE_CONFIG, "false");
    props.put(ServerLogConfigs.NUM_PARTITIONS_CONFIG, "1");
    props.put(
        CleanerConfig.LOG_CLEANER_DEDUPE_BUFFER_SIZE_PROP, String.valueOf(CLEANER_BUFFER_BYTES));
    return props;
  }

  private static String str(int value) {
    return String.valueOf(value);
  }
}
