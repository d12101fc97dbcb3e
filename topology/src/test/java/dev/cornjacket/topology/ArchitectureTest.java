package dev.cornjacket.topology;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rules of CONVENTIONS.md that this module can check about itself. */
class ArchitectureTest {

  private static final JavaClasses TOPOLOGY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.cornjacket.topology");

  @Test
  void shouldKeepKafkaTypesOutOfModelAndValidator() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.cornjacket.topology", "dev.cornjacket.topology.internal")
        .and()
        .doNotHaveSimpleName("RawEnvelopeSerde")
        .and()
        .doNotHaveSimpleName("Topic")
        .and()
        .doNotHaveSimpleName("Topics")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .because("business logic stays out of Kafka types (CONVENTIONS.md)")
        .check(TOPOLOGY);
  }

  @Test
  void shouldKeepInternalsIndependentOfKafka() {
    noClasses()
        .that()
        .resideInAPackage("dev.cornjacket.topology.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .check(TOPOLOGY);
  }
}
