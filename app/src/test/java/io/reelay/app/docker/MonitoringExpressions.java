package io.reelay.app.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every PromQL expression of the monitoring files under docker/: the targets of the Grafana
 * dashboards (docker/grafana/dashboards/*.json, wherever an "expr" appears, rows and template
 * variables included) and the alert rules Prometheus evaluates (docker/prometheus/alerts.yml).
 */
public final class MonitoringExpressions {

  /** One expression and where it is written, for messages. */
  public record Expression(String where, String promQl) {
    public PromQlSelectors.Reads reads() {
      return PromQlSelectors.of(promQl);
    }
  }

  public static final String DASHBOARDS = "grafana/dashboards";
  public static final String ALERT_RULES = "prometheus/alerts.yml";
  private static final ObjectMapper JSON = new ObjectMapper();

  private MonitoringExpressions() {}

  public static List<Expression> all(Path dockerDir) throws IOException {
    List<Expression> all = new ArrayList<>(dashboards(dockerDir));
    all.addAll(alertRules(dockerDir));
    return all;
  }

  public static List<Expression> dashboards(Path dockerDir) throws IOException {
    List<Expression> expressions = new ArrayList<>();
    try (Stream<Path> files = Files.list(dockerDir.resolve(DASHBOARDS))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        collect(JSON.readTree(file.toFile()), DASHBOARDS + "/" + file.getFileName(), expressions);
      }
    }
    return expressions;
  }

  private static void collect(JsonNode node, String where, List<Expression> expressions) {
    if (node.isObject()) {
      String here = node.hasNonNull("title") ? where + " \"" + node.get("title").asText() + "\"" : where;
      node.fields().forEachRemaining(
          field -> {
            if (field.getKey().equals("expr") && field.getValue().isTextual()) {
              String refId = node.path("refId").asText("");
              expressions.add(new Expression(here + (refId.isEmpty() ? "" : " " + refId), field.getValue().asText()));
            } else {
              collect(field.getValue(), here, expressions);
            }
          });
    } else if (node.isArray()) {
      node.forEach(element -> collect(element, where, expressions));
    }
  }

  /** The alert (and recording) rules' expressions, by rule name. */
  public static List<Expression> alertRules(Path dockerDir) throws IOException {
    List<Expression> expressions = new ArrayList<>();
    for (Map<String, Object> rule : rules(dockerDir)) {
      Object name = rule.getOrDefault("alert", rule.get("record"));
      expressions.add(new Expression(ALERT_RULES + " " + name, String.valueOf(rule.get("expr"))));
    }
    return expressions;
  }

  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> rules(Path dockerDir) throws IOException {
    Map<String, Object> file =
        new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(dockerDir.resolve(ALERT_RULES)));
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Object group : (List<Object>) file.get("groups")) {
      rules.addAll((List<Map<String, Object>>) ((Map<String, Object>) group).get("rules"));
    }
    return rules;
  }
}
