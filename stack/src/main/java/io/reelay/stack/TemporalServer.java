package io.reelay.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real Temporal server as the stack's engine ({@link TemporalEngine#SERVER}): the binaries
 * {@code ./reelay} builds into {@code .tools/temporal-server} (bin/server, bin/sql: the
 * temporal-sql-tool, schema/), persisted in the stack's own PostgreSQL (one database for the
 * history, one for SQL visibility, which answers queries on Reelay's search attributes as the dev
 * server does), every service (frontend, history, matching, worker, and each one's membership
 * port) on a loopback port of its own.
 */
final class TemporalServer {

  private static final String NAMESPACE = "default";
  /** Each database and the directory of its schema under the installation's schema/. */
  private static final Map<String, String> DATABASES = Map.of("temporal", "temporal", "temporal_visibility", "visibility");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);

  private final Path installation;
  private final Path configDir;
  private final Path log;
  private final int frontendPort;
  private final Map<String, ServicePorts> services = new LinkedHashMap<>();
  private final int httpPort;
  private final int metricsPort;

  private record ServicePorts(int grpc, int membership) {}

  TemporalServer(Path installation, Path configDir, Path log, int frontendPort, int metricsPort) throws IOException {
    this.installation = installation;
    this.configDir = configDir;
    this.log = log;
    this.frontendPort = frontendPort;
    services.put("frontend", new ServicePorts(frontendPort, Ports.free()));
    for (String service : List.of("history", "matching", "worker")) {
      services.put(service, new ServicePorts(Ports.free(), Ports.free()));
    }
    this.httpPort = Ports.free();
    this.metricsPort = metricsPort;
  }

  /** {@code server --config-file <workDir>/temporal-server/config.yaml start}, as written by {@link #prepare}. */
  List<String> command() {
    // --allow-no-auth: no authorizer, as the dev server; every port is on loopback
    return List.of(
        installation.resolve("bin/server").toString(), "--config-file", configFile().toString(), "--allow-no-auth", "start");
  }

  /**
   * Writes the server's configuration and brings both databases to the installed schema version
   * (creating them if missing; a second run changes nothing). PostgreSQL must be up.
   *
   * @param devServerOptions the dev server's extra options ({@link StackOptions#temporalOptions}):
   *     their {@code --dynamic-config-value KEY=JSON} pairs become the server's dynamic config, so
   *     both engines get the same tuning; the rest (SQLite's pragmas) has no meaning here
   */
  void prepare(int postgresPort, List<String> devServerOptions) throws Exception {
    Files.createDirectories(configDir);
    Files.writeString(dynamicConfigFile(), JSON.writeValueAsString(dynamicConfig(devServerOptions)));
    // YAML is a superset of JSON: the configuration is written with the JSON library at hand
    Files.writeString(configFile(), JSON.writeValueAsString(config(postgresPort)));
    for (Map.Entry<String, String> entry : DATABASES.entrySet()) {
      String database = entry.getKey();
      String schema = installation.resolve("schema").resolve(entry.getValue()).resolve("versioned").toString();
      sqlTool(postgresPort, database, "create-database");
      // version 0.0: only the schema_version tables; update-schema then applies every versioned step
      sqlTool(postgresPort, database, "setup-schema", "-v", "0.0");
      sqlTool(postgresPort, database, "update-schema", "-d", schema);
    }
  }

  /**
   * Registers the {@code default} namespace (what the dev server makes by itself) and Reelay's
   * search attributes in it, then waits until the frontend lists them all. Safe to repeat: an
   * existing namespace is left alone and existing search attributes stay.
   */
  void registerNamespace(String temporalCli, List<String> searchAttributes, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    // the frontend answers health checks a moment before it can write namespaces, and reads a new
    // namespace only at its next cache refresh: retry
    while (!registered(temporalCli, searchAttributes)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the Temporal server did not register namespace " + NAMESPACE + " and its search attributes; see " + log);
      }
      Thread.sleep(500);
    }
  }

  private boolean registered(String temporalCli, List<String> searchAttributes) throws Exception {
    if (!operator(temporalCli, null, "namespace", "describe").succeeded()
        && !operator(temporalCli, log, "namespace", "create", "--retention", "1d").succeeded()) {
      return false;
    }
    // one call each: given several names, CLI 1.9's create adds only the first; an existing one stays
    for (String attribute : searchAttributes) {
      if (!operator(temporalCli, log, "search-attribute", "create", "--name", attribute, "--type", "Keyword").succeeded()) {
        return false;
      }
    }
    ChildProcess.Result listed = operator(temporalCli, null, "search-attribute", "list");
    return listed.succeeded() && searchAttributes.stream().allMatch(listed.output()::contains);
  }

  /** {@code temporal operator <arguments>} against this server's namespace; its output to {@code log} unless null. */
  private ChildProcess.Result operator(String temporalCli, Path log, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(temporalCli, "operator"));
    command.addAll(List.of(arguments));
    command.addAll(List.of("--address", "127.0.0.1:" + frontendPort, "--namespace", NAMESPACE));
    return ChildProcess.runToEnd(command, log, TOOL_TIMEOUT);
  }

  private void sqlTool(int postgresPort, String database, String... command) throws Exception {
    List<String> line =
        new ArrayList<>(
            List.of(
                installation.resolve("bin/sql").toString(),
                "--plugin", "postgres12", "--endpoint", "127.0.0.1", "--port", String.valueOf(postgresPort),
                "--user", "postgres", "--password", "postgres", "--database", database));
    line.addAll(List.of(command));
    ChildProcess.Result result = ChildProcess.runToEnd(line, log, TOOL_TIMEOUT);
    if (!result.succeeded()) {
      throw new IllegalStateException("temporal-sql-tool " + command[0] + " of database " + database + " failed; see " + log);
    }
  }

  private ObjectNode config(int postgresPort) {
    ObjectNode config = JsonNodeFactory.instance.objectNode();
    config.putObject("log").put("stdout", true).put("level", "warn");
    ObjectNode persistence =
        config.putObject("persistence")
            .put("defaultStore", "default")
            .put("visibilityStore", "visibility")
            .put("numHistoryShards", TemporalEngine.SERVER_HISTORY_SHARDS);
    ObjectNode stores = persistence.putObject("datastores");
    // a pool per store and service (four services in this process), at most 60 connections:
    // PostgreSQL's 200 are shared with the app JVMs (20 each), and 2 cores gain nothing from more
    stores.set("default", sqlStore(postgresPort, "temporal", 10));
    stores.set("visibility", sqlStore(postgresPort, "temporal_visibility", 5));
    ObjectNode global = config.putObject("global");
    global.putObject("membership").put("maxJoinDuration", "30s").put("broadcastAddress", "127.0.0.1");
    // the server's own metrics (as the dev server's --metrics-port): where a request's time went
    // inside the engine, e.g. a shard's write queue (semaphore_latency) or the store
    global.putObject("metrics").putObject("prometheus")
        .put("framework", "tally")
        .put("timerType", "histogram")
        .put("listenAddress", "127.0.0.1:" + metricsPort);
    ObjectNode servicesNode = config.putObject("services");
    services.forEach(
        (name, ports) -> {
          ObjectNode rpc =
              servicesNode.putObject(name).putObject("rpc")
                  .put("grpcPort", ports.grpc())
                  .put("membershipPort", ports.membership())
                  .put("bindOnIP", "127.0.0.1");
          if (name.equals("frontend")) {
            rpc.put("httpPort", httpPort);
          }
        });
    ObjectNode cluster =
        config.putObject("clusterMetadata")
            .put("enableGlobalNamespace", false)
            .put("failoverVersionIncrement", 10)
            .put("masterClusterName", "active")
            .put("currentClusterName", "active");
    cluster.putObject("clusterInformation").putObject("active")
        .put("enabled", true)
        .put("initialFailoverVersion", 1)
        .put("rpcName", "frontend")
        .put("rpcAddress", "127.0.0.1:" + frontendPort)
        .put("httpAddress", "127.0.0.1:" + httpPort);
    config.putObject("dynamicConfigClient").put("filepath", dynamicConfigFile().toString()).put("pollInterval", "10s");
    return config;
  }

  private static ObjectNode sqlStore(int postgresPort, String database, int connections) {
    ObjectNode store = JsonNodeFactory.instance.objectNode();
    store.putObject("sql")
        // pgx, not lib/pq (plugin postgres12): pgx keeps each statement prepared per connection
        // and sends it in one round trip, lib/pq prepares it anew (two); the start of a workflow
        // is a dozen statements, so under a burst its p99 fell from 89.5 to 67 ms (docs/benchmarks.md)
        .put("pluginName", "postgres12_pgx")
        .put("databaseName", database)
        .put("connectAddr", "127.0.0.1:" + postgresPort)
        .put("connectProtocol", "tcp")
        .put("user", "postgres")
        .put("password", "postgres")
        .put("maxConns", connections)
        .put("maxIdleConns", connections)
        .put("maxConnLifetime", "1h");
    return store;
  }

  /** {@code --dynamic-config-value history.transferProcessorMaxPollRPS=200} becomes {@code {"history.transferProcessorMaxPollRPS": [{"value": 200}]}}. */
  static ObjectNode dynamicConfig(List<String> devServerOptions) throws IOException {
    ObjectNode config = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i + 1 < devServerOptions.size(); i++) {
      if (devServerOptions.get(i).equals("--dynamic-config-value")) {
        String pair = devServerOptions.get(++i);
        int equals = pair.indexOf('=');
        // the value is JSON, as the dev server reads it
        JsonNode value = JSON.readTree(pair.substring(equals + 1));
        config.putArray(pair.substring(0, equals)).addObject().set("value", value);
      }
    }
    return config;
  }

  private Path configFile() {
    return configDir.resolve("config.yaml");
  }

  private Path dynamicConfigFile() {
    return configDir.resolve("dynamic-config.yaml");
  }
}
