package dev.cornjacket.http.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.TopologyDescription;

/**
 * A drawable form of {@link TopologyDescription}: every source, processor and sink of every
 * sub-topology as a node, plus one node per topic and per state store, and the edges between them
 * (records flowing from node to node, topics read and written, stores used).
 *
 * <p>Node ids are prefixed by kind ({@code node:}, {@code topic:}, {@code store:}) so that a
 * processor and a topic of the same name stay apart.
 *
 * @param subtopologies how many sub-topologies there are (global stores not counted)
 */
public record TopologyGraph(int subtopologies, List<Node> nodes, List<Edge> edges) {

  public static final String SOURCE = "source";
  public static final String PROCESSOR = "processor";
  public static final String SINK = "sink";
  public static final String TOPIC = "topic";
  public static final String STORE = "store";

  public TopologyGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /**
   * One node.
   *
   * @param id unique in the graph
   * @param kind {@value #SOURCE}, {@value #PROCESSOR}, {@value #SINK}, {@value #TOPIC} or {@value
   *     #STORE}
   * @param name the processor, topic or store name
   * @param subtopology the sub-topology of a source, processor or sink ({@code "global"} for a
   *     global store's); {@code null} for topics and stores
   */
  public record Node(String id, String kind, String name, String subtopology) {}

  /**
   * One edge.
   *
   * @param kind {@code flow} (records passed on), {@code reads} (topic to source), {@code writes}
   *     (sink to topic) or {@code uses} (processor to store)
   */
  public record Edge(String from, String to, String kind) {}

  /** The graph of {@code description}, nodes in sub-topology order. */
  public static TopologyGraph of(TopologyDescription description) {
    Objects.requireNonNull(description, "description");
    Map<String, Node> nodes = new LinkedHashMap<>();
    List<Edge> edges = new ArrayList<>();
    List<TopologyDescription.Subtopology> subtopologies =
        description.subtopologies().stream()
            .sorted(Comparator.comparingInt(TopologyDescription.Subtopology::id))
            .toList();
    for (TopologyDescription.Subtopology subtopology : subtopologies) {
      String id = Integer.toString(subtopology.id());
      subtopology.nodes().stream()
          .sorted(Comparator.comparing(TopologyDescription.Node::name))
          .forEach(node -> addNode(node, id, nodes, edges));
    }
    description.globalStores().stream()
        .sorted(Comparator.comparingInt(TopologyDescription.GlobalStore::id))
        .forEach(
            global -> {
              addNode(global.source(), "global", nodes, edges);
              addNode(global.processor(), "global", nodes, edges);
            });
    return new TopologyGraph(subtopologies.size(), new ArrayList<>(nodes.values()), edges);
  }

  private static void addNode(
      TopologyDescription.Node node,
      String subtopology,
      Map<String, Node> nodes,
      List<Edge> edges) {
    String id = "node:" + node.name();
    switch (node) {
      case TopologyDescription.Source source -> {
        nodes.put(id, new Node(id, SOURCE, node.name(), subtopology));
        if (source.topicSet() != null) {
          source.topicSet().stream()
              .sorted()
              .forEach(topic -> edges.add(new Edge(topic(topic, nodes), id, "reads")));
        } else if (source.topicPattern() != null) {
          edges.add(new Edge(topic(source.topicPattern().pattern(), nodes), id, "reads"));
        }
      }
      case TopologyDescription.Sink sink -> {
        nodes.put(id, new Node(id, SINK, node.name(), subtopology));
        String topic = sink.topic() != null ? sink.topic() : "(dynamic)";
        edges.add(new Edge(id, topic(topic, nodes), "writes"));
      }
      case TopologyDescription.Processor processor -> {
        nodes.put(id, new Node(id, PROCESSOR, node.name(), subtopology));
        processor.stores().stream()
            .sorted()
            .forEach(store -> edges.add(new Edge(id, store(store, nodes), "uses")));
      }
      default -> nodes.put(id, new Node(id, PROCESSOR, node.name(), subtopology));
    }
    node.successors().stream()
        .map(TopologyDescription.Node::name)
        .sorted()
        .forEach(successor -> edges.add(new Edge(id, "node:" + successor, "flow")));
  }

  private static String topic(String name, Map<String, Node> nodes) {
    String id = "topic:" + name;
    nodes.putIfAbsent(id, new Node(id, TOPIC, name, null));
    return id;
  }

  private static String store(String name, Map<String, Node> nodes) {
    String id = "store:" + name;
    nodes.putIfAbsent(id, new Node(id, STORE, name, null));
    return id;
  }
}
