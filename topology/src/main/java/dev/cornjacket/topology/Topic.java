package dev.cornjacket.topology;

import dev.cornjacket.topology.internal.Texts;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic with the serdes of its keys and values. Get them from {@link Topics}; no other code
 * spells a topic name.
 *
 * @param name a legal Kafka topic name: 1 to {@value #MAX_NAME_LENGTH} of {@code [a-zA-Z0-9._-]},
 *     not {@code .} or {@code ..}
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

  /** Kafka's limit on topic names. */
  public static final int MAX_NAME_LENGTH = 249;

  static final Pattern LEGAL_CHARACTERS = Pattern.compile("[a-zA-Z0-9._-]*");

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "name must have 1 to " + MAX_NAME_LENGTH + " characters, got " + name.length());
    }
    if (!LEGAL_CHARACTERS.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "name must consist of [a-zA-Z0-9._-] and not be '.' or '..', got '"
              + Texts.printable(name, MAX_NAME_LENGTH)
              + "'");
    }
  }

  @Override
  public String toString() {
    return "Topic[" + name + "]";
  }
}
