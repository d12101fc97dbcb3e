package dev.cornjacket.topology;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules of CONVENTIONS.md that this module can check about itself. */
class ArchitectureTest {

  private static final JavaClasses TOPOLOGY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.cornjacket.topology");

  /** The public classes that are about Kafka (serdes, topics, the builder, dead letters). */
  private static final Set<String> KAFKA_AWARE =
      Set.of(
          "RawEnvelopeSerde",
          "EventSerde",
          "JsonSerde",
          "Topic",
          "Topics",
          "CornjacketTopology",
          "DeadLetters",
          "DeadLetterHandlers");

  private static final DescribedPredicate<JavaClass> MODEL_OR_VALIDATOR =
      DescribedPredicate.describe(
          "are the model or the validator", type -> !KAFKA_AWARE.contains(topLevelName(type)));

  private static String topLevelName(JavaClass type) {
    JavaClass topLevel = type;
    while (topLevel.getEnclosingClass().isPresent()) {
      topLevel = topLevel.getEnclosingClass().get();
    }
    return topLevel.getSimpleName();
  }

  @Test
  void shouldKeepKafkaTypesOutOfModelAndValidator() {
    noClasses()
        .that()
        .resideInAPackage("dev.cornjacket.topology")
        .and(MODEL_OR_VALIDATOR)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .because("business logic stays out of Kafka types (CONVENTIONS.md)")
        .check(TOPOLOGY);
  }

  @Test
  void shouldKeepInternalHelpersIndependentOfKafka() {
    // Only the processors and stores (internal.processor, internal.store) are Kafka Streams code.
    noClasses()
        .that()
        .resideInAPackage("dev.cornjacket.topology.internal")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .check(TOPOLOGY);
  }
}
