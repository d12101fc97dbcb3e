package dev.cornjacket.app;

import dev.cornjacket.app.internal.CornjacketCommand;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Entry point of the {@code cornjacket} command line. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    // Libraries that log through java.util.logging end up in the same place as everything else.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(CornjacketCommand.commandLine().execute(args));
  }
}
