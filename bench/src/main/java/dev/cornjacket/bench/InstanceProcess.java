package dev.cornjacket.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Cornjacket instance ({@code cornjacket run}) in a JVM of its own, so that its heap and
 * resident memory are its own and not the benchmark's or the embedded broker's.
 */
final class InstanceProcess implements AutoCloseable {

  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private final Process process;
  private final int httpPort;
  private final Path log;

  private InstanceProcess(Process process, int httpPort, Path log) {
    this.process = process;
    this.httpPort = httpPort;
    this.log = log;
  }

  /** Starts {@code cornjacket run} with these settings and waits until it is ready. */
  static InstanceProcess start(Map<String, String> settings, List<String> jvmOptions, Path dir)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--sun-misc-unsafe-memory-access=allow");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.cornjacket.app.Main");
    command.add("run");
    Path log = dir.resolve("instance.log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("CORNJACKET_"));
    builder.environment().putAll(settings);
    builder.environment().put("CORNJACKET_HTTP_PORT", Integer.toString(port));
    builder.environment().putIfAbsent("CORNJACKET_LOG_LEVEL", "info");
    Process process = builder.start();
    // a benchmark stopped with Ctrl-C takes its instance with it
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    InstanceProcess instance = new InstanceProcess(process, port, log);
    instance.awaitReady(Duration.ofSeconds(120));
    return instance;
  }

  int httpPort() {
    return httpPort;
  }

  long pid() {
    return process.pid();
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (HttpClient client = HttpClient.newHttpClient()) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "The instance exited with " + process.exitValue() + "; its log:\n" + tail());
        }
        try {
          HttpResponse<Void> response =
              client.send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + httpPort + "/health/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(250); // polling a starting process: nothing to wait on but time
      }
    }
    throw new IllegalStateException(
        "The instance was not ready within " + timeout + ":\n" + tail());
  }

  /** Heap in use after a full collection, in bytes (asks the JVM through jcmd). */
  long heapAfterGcBytes() throws IOException, InterruptedException {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    Matcher used = HEAP_USED.matcher(info);
    if (!used.find()) {
      throw new IllegalStateException("jcmd GC.heap_info said: " + info);
    }
    return Long.parseLong(used.group(1)) * 1024;
  }

  /** Resident set size, in bytes (Linux). */
  long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for process " + pid());
  }

  private String jcmd(String what) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()),
                what)
            .redirectErrorStream(true)
            .start();
    String output = new String(jcmd.getInputStream().readAllBytes());
    if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + what + " failed: " + output);
    }
    return output;
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: a graceful stop
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
