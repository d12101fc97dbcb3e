package dev.cornjacket.devstack.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a KRaft log directory once. A formatted directory holds {@code meta.properties} with the
 * cluster id, which the broker reads on every start: formatting again would create a new cluster
 * and orphan the data, so an existing directory is left alone.
 */
public final class KafkaStorage {

  private static final Logger log = LoggerFactory.getLogger(KafkaStorage.class);

  private KafkaStorage() {}

  /** Whether {@code logDir} was formatted already. */
  public static boolean isFormatted(Path logDir) {
    return Files.exists(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME));
  }

  /** Formats {@code logDir} as a new single-node cluster unless it is formatted already. */
  public static void formatIfNeeded(Path logDir) throws Exception {
    if (isFormatted(logDir)) {
      return;
    }
    Files.createDirectories(logDir);
    String clusterId = Uuid.randomUuid().toString();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    String dir = logDir.toAbsolutePath().toString();
    new Formatter()
        // the formatter reports to a print stream (System.out by default); send it to the log
        .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
        .setNodeId(KafkaBrokerProperties.NODE_ID)
        .setClusterId(clusterId)
        .setDirectories(List.of(dir))
        .setMetadataLogDirectory(dir)
        .setControllerListenerName(KafkaBrokerProperties.CONTROLLER_LISTENER)
        .setReleaseVersion(MetadataVersion.latestProduction())
        .run();
    log.debug("Kafka storage formatter: {}", output.toString(StandardCharsets.UTF_8).strip());
    log.info("Formatted Kafka storage in {} for new cluster {}", logDir, clusterId);
  }
}
