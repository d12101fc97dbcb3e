package dev.cornjacket.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cornjacket.topology.RawEnvelopeSerde;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** Realistic sensor events of about 300 bytes, from a fixed seed so that runs compare. */
final class EventGenerator {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SplittableRandom random = new SplittableRandom(42);
  private final int devices;
  private long eventBytes;
  private long envelopeBytes;
  private long count;
  private long envelopeCount;

  EventGenerator(int devices) {
    this.devices = devices;
  }

  /** An event and the device it belongs to. */
  record DeviceEvent(String deviceId, String json) {}

  String event() {
    return deviceEvent().json();
  }

  DeviceEvent deviceEvent() {
    int device = random.nextInt(devices);
    String deviceId = String.format("gw-%04d.sensor-%d", device / 4, device % 4);
    String json =
        String.format(
            "{\"event_id\":\"%s\",\"device_id\":\"%s\",\"type\":\"sensor\","
                + "\"ts\":%d,\"metrics\":{\"temperature\":%.2f,\"humidity\":%.1f,\"pressure\":%.1f,"
                + "\"battery\":%.3f},\"attrs\":{\"firmware\":\"1.4.%d\",\"site\":\"plant-%d\","
                + "\"zone\":\"z%02d\"}}",
            UUID.randomUUID(),
            deviceId,
            System.currentTimeMillis(),
            18 + random.nextDouble() * 8,
            30 + random.nextDouble() * 40,
            990 + random.nextDouble() * 30,
            random.nextDouble(),
            random.nextInt(10),
            device % 7,
            device % 20);
    eventBytes += json.length();
    count++;
    return new DeviceEvent(deviceId, json);
  }

  List<byte[]> ndjsonBatches(int batches, int batchSize) {
    List<byte[]> result = new ArrayList<>(batches);
    for (int b = 0; b < batches; b++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(batchSize * 320);
      for (int i = 0; i < batchSize; i++) {
        out.writeBytes(event().getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
      result.add(out.toByteArray());
    }
    return result;
  }

  /** Events wrapped as the ingest wraps them, for the baseline producer. */
  List<List<BaselineSender.Record>> envelopeBatches(int batches, int batchSize) throws Exception {
    List<List<BaselineSender.Record>> result = new ArrayList<>(batches);
    for (int b = 0; b < batches; b++) {
      List<BaselineSender.Record> records = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        byte[] event = event().getBytes(StandardCharsets.UTF_8);
        byte[] value = RawEnvelopeSerde.encode(event, Instant.now(), "http", "anonymous");
        envelopeBytes += value.length;
        envelopeCount++;
        records.add(
            new BaselineSender.Record(JSON.readTree(event).get("device_id").asText(), value));
      }
      result.add(records);
    }
    return result;
  }

  long averageEventBytes() {
    return count == 0 ? 0 : eventBytes / count;
  }

  long averageEnvelopeBytes() {
    return envelopeCount == 0 ? 0 : envelopeBytes / envelopeCount;
  }
}
