package dev.cornjacket.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** Names JSON types the way error messages use them: "got an array". */
public final class JsonTypes {

  private JsonTypes() {}

  /** {@code "an object"}, {@code "a string"}, {@code "null"}, ... */
  public static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "null";
      case BINARY -> "binary data";
      case POJO -> "a Java object";
    };
  }
}
