package dev.cornjacket.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of CONVENTIONS.md, checked on the compiled classes of every module (the app
 * module sees them all): a module never reaches into another's {@code internal} package, the
 * topology stays free of web, MQTT and database code, and config depends on no other module.
 */
class ModuleBoundariesTest {

  private static final List<String> MODULE_PACKAGES =
      List.of("config", "topology", "devstack", "http", "mqtt", "sinks", "app");

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cornjacket");
  }

  @Test
  void shouldNotReachIntoAnotherModulesInternals() {
    for (String module : MODULE_PACKAGES) {
      String root = "dev.cornjacket." + module;
      noClasses()
          .that()
          .resideOutsideOfPackage(root + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(root + ".internal..")
          .because("only " + root + " may use its internal package")
          .check(classes);
    }
  }

  @Test
  void shouldKeepTheTopologyFreeOfWebMqttAndDatabaseCode() {
    noClasses()
        .that()
        .resideInAPackage("dev.cornjacket.topology..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.javalin..",
            "org.eclipse.jetty..",
            "com.hivemq..",
            "java.sql..",
            "javax.sql..",
            "org.postgresql..",
            "com.zaxxer..")
        .because("the topology is a pure function of its configuration")
        .check(classes);
  }

  @Test
  void shouldKeepConfigIndependentOfEveryOtherModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.cornjacket.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.cornjacket.topology..",
            "dev.cornjacket.devstack..",
            "dev.cornjacket.http..",
            "dev.cornjacket.mqtt..",
            "dev.cornjacket.sinks..",
            "dev.cornjacket.app..")
        .check(classes);
  }

  @Test
  void shouldKeepFrontEndsAndSinksFreeOfTheAppAndTheDevStack() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.cornjacket.http..", "dev.cornjacket.mqtt..", "dev.cornjacket.sinks..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.cornjacket.app..", "dev.cornjacket.devstack..")
        .check(classes);
  }
}
