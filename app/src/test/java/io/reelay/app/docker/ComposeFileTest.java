package io.reelay.app.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.reelay.workflows.generation.GenerationSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker/docker-compose.yml read as data, since no Docker engine runs here: every REELAY_* variable
 * it sets is one application.yml reads, the roles and task queues are ones the app knows, the
 * ports, hosts and credentials agree between the services, the gateway, SeaweedFS and the
 * Dockerfile, the search attributes registered on Temporal are the ones the workflows set, and
 * Prometheus scrapes every Reelay container while Grafana reads Prometheus and the dashboards.
 * Interpolations (${VAR:-default}) are resolved with their defaults, as a first `up` without an
 * .env file sees them.
 */
class ComposeFileTest {

  private static final Set<String> ROLES = Set.of("api", "worker");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(REELAY_[A-Z0-9_]+)");
  private static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\$|\\$\\{([^}]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern HEALTH_URL_PORT = Pattern.compile("://[^/\\s:]+:(\\d+)/health\\b");
  private static final Pattern JDBC_URL =
      Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]+)(\\?.*)?");
  private static final Pattern HTTP_URL = Pattern.compile("https?://([^:/]+)(?::(\\d+))?(/.*)?");
  /** Where every Reelay process, api or worker, serves its Prometheus metrics. */
  private static final String METRICS_PATH = "/metrics";
  /** Prometheus's own port, which Grafana reads from. */
  private static final int PROMETHEUS_PORT = 9090;

  private static Path dockerDir;
  private static Map<String, Object> compose;
  private static Map<String, Map<String, Object>> services;
  private static String applicationYmlText;
  private static Set<String> applicationKeys;
  private static Set<String> placeholders;
  /** Host variables the compose file interpolates, and the ones it needs without a default. */
  private static final Set<String> interpolatedVariables = new TreeSet<>();
  private static final Set<String> variablesWithoutDefault = new TreeSet<>();

  @BeforeAll
  static void readFiles() throws IOException {
    Path root = projectRoot();
    dockerDir = root.resolve("docker");
    Object raw = yaml(Files.readString(dockerDir.resolve("docker-compose.yml")));
    compose = asMap(interpolate(raw), "docker-compose.yml");
    services = new LinkedHashMap<>();
    asMap(compose.get("services"), "services").forEach((name, service) -> services.put(name, asMap(service, name)));

    applicationYmlText = Files.readString(root.resolve("app/src/main/resources/application.yml"));
    applicationKeys = new TreeSet<>();
    flattenKeys("", yaml(applicationYmlText), applicationKeys);
    placeholders = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(applicationYmlText);
    while (m.find()) {
      placeholders.add(m.group(1));
    }
    assertFalse(placeholders.isEmpty(), "no ${REELAY_...} placeholder found in application.yml");
  }

  // --- what is set is what the app reads ---------------------------------------------------------

  @Test
  void everyReelayVariableIsOneTheAppReads() {
    List<String> problems = new ArrayList<>();
    services.forEach(
        (name, service) ->
            environment(name).keySet().stream()
                .filter(key -> key.startsWith("REELAY_"))
                .filter(key -> !placeholders.contains(key))
                .forEach(key -> problems.add(name + " sets " + key + ", which application.yml does not read")));
    interpolatedVariables.stream()
        .filter(key -> key.startsWith("REELAY_") && !placeholders.contains(key))
        .forEach(key -> problems.add("${" + key + "} is interpolated, but application.yml has no such setting"));
    // arguments such as --reelay.simulator.enabled=false are configuration properties too
    for (String name : appServices()) {
      for (String argument : command(name)) {
        if (argument.startsWith("--") && argument.contains("=")) {
          String key = argument.substring(2, argument.indexOf('='));
          if (!applicationKeys.contains(key)) {
            problems.add(name + " passes " + argument + ", but application.yml has no key " + key);
          }
        }
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void aFirstUpNeedsNoVariablesFromTheHost() {
    assertTrue(
        variablesWithoutDefault.isEmpty(),
        "docker-compose.yml interpolates " + variablesWithoutDefault + " without a default (${VAR:-default})");
  }

  // --- the simulator, a test double, stays out -----------------------------------------------------

  @Test
  void noAppServiceEnablesTheSimulator() {
    List<String> problems = new ArrayList<>();
    for (String name : appServices()) {
      Map<String, String> env = environment(name);
      String enabled = env.getOrDefault("REELAY_SIMULATOR_ENABLED", defaultOf("REELAY_SIMULATOR_ENABLED"));
      if (!enabled.equals("false")) {
        problems.add(name + " has REELAY_SIMULATOR_ENABLED=" + enabled + ": the simulator is a test double");
      }
      env.keySet().stream()
          .filter(key -> key.startsWith("REELAY_SIM_"))
          .forEach(key -> problems.add(name + " sets " + key + ", a setting of the simulator, which stays off"));
      command(name).stream()
          .filter(argument -> argument.startsWith("--reelay.simulator.") || argument.startsWith("--reelay.providers.sim."))
          .forEach(argument -> problems.add(name + " passes " + argument + ": the simulator stays off"));
    }
    assertNoProblems(problems);
  }

  @Test
  void theGatewayAnswersSimWithoutProxyingIt() {
    Gateway gateway = gateway();
    String config = read(dockerDir.resolve(gateway.file())).replaceAll("#[^\\n]*", "");
    // nginx picks the longest matching prefix location (regular expressions aside: there are none)
    assertFalse(
        Pattern.compile("\\blocation\\s+~").matcher(config).find(),
        gateway.file() + " has regular-expression locations, which this check does not read");
    for (String path : List.of("/sim", "/sim/v1/jobs", "/sim/v1/jobs/sim_1/video")) {
      String block = locationFor(config, path);
      assertTrue(block != null, gateway.file() + " has no location for " + path);
      assertFalse(block.contains("proxy_pass"), gateway.file() + " proxies " + path + " to the api containers");
      assertTrue(
          Pattern.compile("\\breturn\\s+404\\b").matcher(block).find(),
          gateway.file() + " does not answer " + path + " with 404: " + block.trim());
    }
    String api = locationFor(config, "/v1/generations");
    assertTrue(api != null && api.contains("proxy_pass"), gateway.file() + " no longer proxies the API");
  }

  /** The body of the prefix location nginx chooses for {@code path} (the longest prefix), or null. */
  private static String locationFor(String config, String path) {
    Matcher location = Pattern.compile("\\blocation\\s+(?:\\^~\\s+|=\\s+)?(/\\S*)\\s*\\{([^}]*)}").matcher(config);
    String best = null;
    String body = null;
    while (location.find()) {
      String prefix = location.group(1);
      boolean exact = location.group().matches("location\\s+=[\\s\\S]*");
      boolean matches = exact ? path.equals(prefix) : path.startsWith(prefix);
      if (matches && (best == null || prefix.length() > best.length())) {
        best = prefix;
        body = location.group(2);
      }
    }
    return body;
  }

  // --- roles and task queues ---------------------------------------------------------------------

  @Test
  void apisAndWorkersHaveTheirRolesAndTheWorkersPollEveryTaskQueue() {
    List<String> problems = new ArrayList<>();
    Map<String, String> expected =
        new TreeMap<>(Map.of("api-1", "api", "api-2", "api", "worker-1", "worker", "worker-2", "worker"));
    expected.forEach(
        (name, role) -> {
          if (!services.containsKey(name)) {
            problems.add("there is no service " + name);
          } else if (!role.equals(environment(name).get("REELAY_ROLES"))) {
            problems.add(name + " has REELAY_ROLES=" + environment(name).get("REELAY_ROLES") + ", expected " + role);
          }
        });

    Set<String> knownQueues = csv(defaultOf("REELAY_WORKER_TASK_QUEUES"));
    assertFalse(knownQueues.isEmpty(), "application.yml gives REELAY_WORKER_TASK_QUEUES no default list of queues");
    Set<String> polled = new TreeSet<>();
    services.keySet().forEach(
        name -> {
          Map<String, String> env = environment(name);
          if (env.containsKey("REELAY_ROLES")) {
            Set<String> roles = csv(env.get("REELAY_ROLES"));
            if (roles.isEmpty() || !ROLES.containsAll(roles)) {
              problems.add(name + " has REELAY_ROLES=" + env.get("REELAY_ROLES") + ": expected a non-empty subset of " + ROLES);
            }
            if (roles.contains("worker")) {
              Set<String> queues = csv(env.getOrDefault("REELAY_WORKER_TASK_QUEUES", defaultOf("REELAY_WORKER_TASK_QUEUES")));
              if (queues.isEmpty() || !knownQueues.containsAll(queues)) {
                problems.add(name + " polls REELAY_WORKER_TASK_QUEUES=" + env.get("REELAY_WORKER_TASK_QUEUES")
                    + ": expected a non-empty subset of " + knownQueues);
              }
              polled.addAll(queues);
            }
          }
          if (env.containsKey("REELAY_WORKER_TASK_QUEUES") && !csv(env.getOrDefault("REELAY_ROLES", "")).contains("worker")) {
            problems.add(name + " sets REELAY_WORKER_TASK_QUEUES but has no worker role");
          }
        });
    if (!polled.containsAll(knownQueues)) {
      Set<String> missing = new TreeSet<>(knownQueues);
      missing.removeAll(polled);
      problems.add("no worker polls the task queues " + missing);
    }
    assertNoProblems(problems);
  }

  // --- listening, storage and the gateway --------------------------------------------------------

  @Test
  void appContainersListenOnTheirNetworkStoreInS3AndAgreeOnPortsWithTheGatewayAndHealthCheck() throws IOException {
    List<String> problems = new ArrayList<>();
    Set<String> apps = appServices();
    assertFalse(apps.isEmpty(), "no service is built from docker/Dockerfile");
    Set<String> withRoles = new TreeSet<>();
    services.keySet().stream().filter(name -> environment(name).containsKey("REELAY_ROLES")).forEach(withRoles::add);
    if (!withRoles.equals(apps)) {
      problems.add("the services built from docker/Dockerfile " + apps + " are not the ones with REELAY_ROLES " + withRoles);
    }

    Gateway gateway = gateway();
    Map<String, Integer> expectedUpstreams = new TreeMap<>();
    for (String name : apps) {
      Map<String, String> env = environment(name);
      expect(problems, name, env, "REELAY_HOST", "0.0.0.0");
      expect(problems, name, env, "REELAY_ASSETS_STORE", "s3");
      int port = appPort(name);
      Optional<Integer> healthPort = healthCheckPort(name);
      if (healthPort.isEmpty()) {
        problems.add(name + " has no health check on http://...:<port>/health");
      } else if (healthPort.get() != port) {
        problems.add(name + " listens on " + port + " (REELAY_PORT) but its health check asks port " + healthPort.get());
      }
      if (csv(env.get("REELAY_ROLES")).contains("api")) {
        expectedUpstreams.put(name, port);
      }
    }
    if (!gateway.upstreams().equals(expectedUpstreams)) {
      problems.add(gateway.file() + " proxies to " + gateway.upstreams()
          + " but the api containers and their REELAY_PORT are " + expectedUpstreams);
    }
    List<Port> published = ports(gateway.service());
    if (published.stream().noneMatch(p -> p.container() == gateway.listen())) {
      problems.add(gateway.service() + " listens on " + gateway.listen() + " but publishes " + published);
    }
    assertNoProblems(problems);
  }

  @Test
  void dockerStopWaitsTenSecondsLongerThanTheAppsShutdownGrace() {
    List<String> problems = new ArrayList<>();
    for (String name : appServices()) {
      String grace = environment(name).getOrDefault("REELAY_SHUTDOWN_GRACE", defaultOf("REELAY_SHUTDOWN_GRACE"));
      // compose's default is 10 s
      String stop = String.valueOf(services.get(name).getOrDefault("stop_grace_period", "10s"));
      // after the grace a worker takes up to 7 s more to hand back what still runs, then exits
      if (seconds(stop) < seconds(grace) + 10) {
        problems.add(name + " has stop_grace_period " + stop + ", less than REELAY_SHUTDOWN_GRACE " + grace
            + " + 10 s: Docker would SIGKILL it while requests or activities still finish or are handed back");
      }
    }
    assertNoProblems(problems);
  }

  // --- the addresses of Temporal, PostgreSQL and S3 ----------------------------------------------

  @Test
  void appsNameTheTemporalPostgresAndSeaweedfsServicesAndTheirPorts() throws IOException {
    List<String> problems = new ArrayList<>();
    for (String name : appServices()) {
      Map<String, String> env = environment(name);

      String temporal = env.getOrDefault("REELAY_TEMPORAL_ADDRESS", defaultOf("REELAY_TEMPORAL_ADDRESS"));
      checkTemporalAddress(problems, name + " REELAY_TEMPORAL_ADDRESS", temporal);

      String database = env.getOrDefault("REELAY_DATABASE_URL", defaultOf("REELAY_DATABASE_URL"));
      Matcher jdbc = JDBC_URL.matcher(database);
      if (!jdbc.matches()) {
        problems.add(name + " has REELAY_DATABASE_URL=" + database + ", not jdbc:postgresql://<host>:<port>/<database>");
      } else {
        String host = jdbc.group(1);
        int port = jdbc.group(2) == null ? 5432 : Integer.parseInt(jdbc.group(2));
        if (!isImage(host, "postgres")) {
          problems.add(name + " REELAY_DATABASE_URL names " + host + ", which is not a postgres service");
        }
        if (port != 5432) {
          problems.add(name + " REELAY_DATABASE_URL uses port " + port + ", PostgreSQL listens on 5432");
        }
        if (Set.of("temporal", "temporal_visibility").contains(jdbc.group(3))) {
          problems.add(name + " REELAY_DATABASE_URL uses Temporal's database " + jdbc.group(3));
        }
        if (services.containsKey(host)) {
          checkDatabaseCreatedFor(problems, name, host, env);
        }
      }

      String endpoint = env.getOrDefault("REELAY_S3_ENDPOINT", defaultOf("REELAY_S3_ENDPOINT"));
      checkS3(problems, name, env, endpoint);
    }

    // Temporal's own connections: the server and its schema job use the postgres service's superuser
    services.forEach(
        (name, service) -> {
          Map<String, String> env = environment(name);
          if (env.containsKey("POSTGRES_SEEDS")) {
            String host = env.get("POSTGRES_SEEDS");
            if (!isImage(host, "postgres")) {
              problems.add(name + " has POSTGRES_SEEDS=" + host + ", which is not a postgres service");
              return;
            }
            Map<String, String> postgres = environment(host);
            expect(problems, name, env, "POSTGRES_USER", postgres.getOrDefault("POSTGRES_USER", "postgres"));
            for (String password : List.of("POSTGRES_PWD", "SQL_PASSWORD")) {
              if (env.containsKey(password)) {
                expect(problems, name, env, password, postgres.get("POSTGRES_PASSWORD"));
              }
            }
          }
          if (env.containsKey("TEMPORAL_ADDRESS")) {
            checkTemporalAddress(problems, name + " TEMPORAL_ADDRESS", env.get("TEMPORAL_ADDRESS"));
          }
        });
    assertNoProblems(problems);
  }

  // --- search attributes -------------------------------------------------------------------------

  @Test
  void theSetupServiceRegistersExactlyTheWorkflowsSearchAttributesBeforeAnyAppStarts() throws Exception {
    List<String> problems = new ArrayList<>();
    Map<String, IndexedValueType> declared = new TreeMap<>();
    for (Field field : GenerationSearchAttributes.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && SearchAttributeKey.class.isAssignableFrom(field.getType())) {
        SearchAttributeKey<?> key = (SearchAttributeKey<?>) field.get(null);
        declared.put(key.getName(), key.getValueType());
      }
    }
    assertFalse(declared.isEmpty(), "GenerationSearchAttributes declares no SearchAttributeKey");
    declared.forEach(
        (name, type) -> {
          if (type != IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD) {
            problems.add(name + " is a " + type + " in GenerationSearchAttributes, but the stack registers Keywords only");
          }
        });

    String setup = "temporal-setup";
    assertTrue(services.containsKey(setup), "there is no service " + setup + " registering the search attributes");
    Map<String, String> env = environment(setup);
    Set<String> registered = new TreeSet<>();
    for (String attribute : env.getOrDefault("KEYWORD_SEARCH_ATTRIBUTES", "").trim().split("\\s+")) {
      if (!attribute.isEmpty()) {
        registered.add(attribute);
      }
    }
    if (!registered.equals(declared.keySet())) {
      problems.add(setup + " registers " + registered + ", the workflows set " + declared.keySet());
    }
    String script = mountedFiles(setup).values().stream().map(ComposeFileTest::read).collect(Collectors.joining("\n"));
    List<String> scriptNeeds =
        List.of("search-attribute create", "--type Keyword", "KEYWORD_SEARCH_ATTRIBUTES", "TEMPORAL_NAMESPACE");
    for (String needed : scriptNeeds) {
      if (!script.contains(needed)) {
        problems.add("the script " + setup + " mounts does not contain \"" + needed + "\"");
      }
    }
    if (!"no".equals(String.valueOf(services.get(setup).getOrDefault("restart", "no")))) {
      problems.add(setup + " is a one-shot and must not restart");
    }

    for (String name : appServices()) {
      Map<String, String> app = environment(name);
      String namespace = app.getOrDefault("REELAY_TEMPORAL_NAMESPACE", defaultOf("REELAY_TEMPORAL_NAMESPACE"));
      if (!namespace.equals(env.get("TEMPORAL_NAMESPACE"))) {
        problems.add(setup + " prepares namespace " + env.get("TEMPORAL_NAMESPACE") + " but " + name + " uses " + namespace);
      }
      String address = app.getOrDefault("REELAY_TEMPORAL_ADDRESS", defaultOf("REELAY_TEMPORAL_ADDRESS"));
      if (!address.equals(env.get("TEMPORAL_ADDRESS"))) {
        problems.add(setup + " talks to " + env.get("TEMPORAL_ADDRESS") + " but " + name + " to " + address);
      }
      String condition = dependsOn(name).get(setup);
      if (!"service_completed_successfully".equals(condition)) {
        problems.add(name + " must depend on " + setup + " with condition service_completed_successfully, has " + condition);
      }
    }
    assertNoProblems(problems);
  }

  // --- what Docker needs to start it -------------------------------------------------------------

  @Test
  void dependenciesExistAndCanBeMet() {
    List<String> problems = new ArrayList<>();
    Set<String> conditions = Set.of("service_started", "service_healthy", "service_completed_successfully");
    services.keySet().forEach(
        name ->
            dependsOn(name).forEach(
                (dependency, condition) -> {
                  if (!services.containsKey(dependency)) {
                    problems.add(name + " depends on " + dependency + ", which is not a service");
                  } else if (!conditions.contains(condition)) {
                    problems.add(name + " depends on " + dependency + " with the unknown condition " + condition);
                  } else if (condition.equals("service_healthy") && !services.get(dependency).containsKey("healthcheck")) {
                    problems.add(name + " waits for " + dependency + " to be healthy, but it has no healthcheck");
                  } else if (condition.equals("service_completed_successfully")
                      && !"no".equals(String.valueOf(services.get(dependency).getOrDefault("restart", "no")))) {
                    problems.add(name + " waits for " + dependency + " to complete, but it restarts");
                  }
                }));
    for (String name : services.keySet()) {
      List<String> cycle = cycleFrom(name, new ArrayList<>());
      if (cycle != null) {
        problems.add("depends_on goes round in a circle: " + String.join(" -> ", cycle));
        break;
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void publishedPortsDoNotCollideAndMountedFilesAndVolumesExist() {
    List<String> problems = new ArrayList<>();
    Map<String, String> taken = new HashMap<>();
    services.keySet().forEach(
        name ->
            ports(name).stream()
                .filter(port -> port.host() != null)
                .forEach(
                    port -> {
                      String key = port.protocol() + "/" + port.host();
                      String other = taken.putIfAbsent(key, name);
                      if (other != null) {
                        problems.add(name + " and " + other + " both publish host port " + port.host() + "/" + port.protocol());
                      }
                    }));

    Set<String> declaredVolumes = asMap(compose.getOrDefault("volumes", Map.of()), "volumes").keySet();
    services.forEach(
        (name, service) -> {
          for (Mount mount : mounts(name)) {
            if (mount.bind()) {
              if (!Files.exists(dockerDir.resolve(mount.source()).normalize())) {
                problems.add(name + " mounts " + mount.source() + ", which does not exist in docker/");
              }
            } else if (!declaredVolumes.contains(mount.source())) {
              problems.add(name + " mounts the volume " + mount.source() + ", which is not declared under volumes:");
            }
          }
        });
    assertNoProblems(problems);
  }

  @Test
  void theDockerfileBuildsWhatTheAppContainersRun() throws IOException {
    List<String> problems = new ArrayList<>();
    Path root = dockerDir.getParent();
    Set<Path> dockerfiles = new HashSet<>();
    for (String name : appServices()) {
      Object spec = services.get(name).get("build");
      Map<String, Object> build = spec instanceof String context ? Map.of("context", context) : asMap(spec, name + ".build");
      Path context = dockerDir.resolve(String.valueOf(build.getOrDefault("context", "."))).normalize();
      dockerfiles.add(context.resolve(String.valueOf(build.getOrDefault("dockerfile", "Dockerfile"))).normalize());
      if (!context.equals(root)) {
        problems.add(name + " builds in " + context + ", the Dockerfile expects the repository root " + root);
      }
    }
    assertEquals(Set.of(dockerDir.resolve("Dockerfile")), dockerfiles, "the app containers' Dockerfile");

    List<PathMatcher> ignored = new ArrayList<>();
    Path dockerignore = root.resolve(".dockerignore");
    if (Files.exists(dockerignore)) {
      for (String line : Files.readAllLines(dockerignore)) {
        String pattern = line.trim();
        if (!pattern.isEmpty() && !pattern.startsWith("#") && !pattern.startsWith("!")) {
          ignored.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.replaceAll("^/|/$", "")));
        }
      }
    }
    String dockerfile = Files.readString(dockerDir.resolve("Dockerfile")).replaceAll("\\\\\\s*\\n", " ");
    Set<Integer> exposed = new TreeSet<>();
    String entrypoint = "";
    String finalStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
    for (String line : dockerfile.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("COPY ") && !trimmed.contains("--from=")) {
        String[] parts = trimmed.substring(5).trim().split("\\s+");
        for (int i = 0; i < parts.length - 1; i++) {
          if (parts[i].startsWith("--")) {
            continue;
          }
          if (!Files.exists(root.resolve(parts[i]))) {
            problems.add("the Dockerfile copies " + parts[i] + ", which is not in the repository");
          }
          // .dockerignore keeps a path out when it matches the path or a folder above it
          for (Path part = Path.of(parts[i]).normalize(); part != null && !part.toString().isEmpty(); part = part.getParent()) {
            Path candidate = part;
            if (ignored.stream().anyMatch(matcher -> matcher.matches(candidate))) {
              problems.add("the Dockerfile copies " + parts[i] + ", which .dockerignore leaves out of the build context");
              break;
            }
          }
        }
      }
    }
    for (String line : finalStage.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("EXPOSE ")) {
        Arrays.stream(trimmed.substring(7).trim().split("\\s+"))
            .map(port -> Integer.parseInt(port.replaceAll("/.*", "")))
            .forEach(exposed::add);
      }
      if (trimmed.startsWith("ENTRYPOINT ") || trimmed.startsWith("CMD ")) {
        entrypoint += trimmed + "\n";
      }
    }
    if (!entrypoint.contains("io.reelay.app.ReelayApplication")) {
      problems.add("the Dockerfile's last stage does not run io.reelay.app.ReelayApplication: " + entrypoint);
    }
    if (!entrypoint.contains("reelay-app.jar")) {
      problems.add("the Dockerfile's ENTRYPOINT/CMD does not put reelay-app.jar on the classpath: " + entrypoint);
    }
    for (String name : appServices()) {
      if (!exposed.contains(appPort(name))) {
        problems.add(name + " listens on " + appPort(name) + " (REELAY_PORT) but the Dockerfile exposes " + exposed);
      }
    }
    assertNoProblems("docker/Dockerfile", problems);
  }

  // --- the checks behind the tests ---------------------------------------------------------------

  private static void checkTemporalAddress(List<String> problems, String what, String address) {
    String[] hostPort = address.split(":");
    if (hostPort.length != 2) {
      problems.add(what + "=" + address + " is not host:port");
      return;
    }
    String host = hostPort[0];
    int port = Integer.parseInt(hostPort[1]);
    if (!isImage(host, "temporalio/server") && !isImage(host, "temporalio/auto-setup")) {
      problems.add(what + "=" + address + " does not name the Temporal server's service");
      return;
    }
    Set<Integer> listening = new TreeSet<>();
    ports(host).forEach(p -> listening.add(p.container()));
    healthCheckText(host).ifPresent(
        text -> {
          Matcher m = Pattern.compile("\\b(7\\d{3})\\b").matcher(text);
          while (m.find()) {
            listening.add(Integer.parseInt(m.group(1)));
          }
        });
    if (port != 7233 || !listening.contains(port)) {
      problems.add(what + "=" + address + ": the Temporal frontend listens on 7233 (service " + host
          + " publishes or checks " + listening + ")");
    }
  }

  private static void checkDatabaseCreatedFor(List<String> problems, String app, String postgres, Map<String, String> env) {
    Map<String, String> server = environment(postgres);
    for (String key : List.of("REELAY_DATABASE_URL", "REELAY_DATABASE_USER", "REELAY_DATABASE_PASSWORD")) {
      if (!Objects.equals(server.get(key), env.get(key))) {
        problems.add(postgres + " creates the app's database from " + key + "=" + server.get(key) + " but " + app
            + " connects with " + env.get(key));
      }
    }
    String init =
        mountedFiles(postgres).entrySet().stream()
            .filter(entry -> entry.getKey().startsWith("/docker-entrypoint-initdb.d/"))
            .map(entry -> read(entry.getValue()))
            .collect(Collectors.joining("\n"));
    List<String> scriptNeeds =
        List.of("CREATE DATABASE", "CREATE ROLE", "REELAY_DATABASE_URL", "REELAY_DATABASE_USER", "REELAY_DATABASE_PASSWORD");
    for (String needed : scriptNeeds) {
      if (!init.contains(needed)) {
        problems.add(postgres + " has no init script in /docker-entrypoint-initdb.d/ with \"" + needed + "\"");
      }
    }
  }

  private static void checkS3(List<String> problems, String app, Map<String, String> env, String endpoint) {
    Matcher url = HTTP_URL.matcher(endpoint);
    if (!url.matches()) {
      problems.add(app + " has REELAY_S3_ENDPOINT=" + endpoint + ", not http://<host>:<port>");
      return;
    }
    String host = url.group(1);
    if (!isImage(host, "seaweedfs")) {
      problems.add(app + " REELAY_S3_ENDPOINT names " + host + ", which is not the seaweedfs service");
      return;
    }
    List<String> command = command(host);
    int s3Port = Integer.parseInt(flag(command, "-s3.port").orElse("8333"));
    int port = url.group(2) == null ? 80 : Integer.parseInt(url.group(2));
    if (port != s3Port) {
      problems.add(app + " REELAY_S3_ENDPOINT uses port " + port + " but " + host + " serves S3 on -s3.port=" + s3Port);
    }
    if (!command.contains("-s3") && !command.contains("-s3=true")) {
      problems.add(host + " does not start its S3 gateway (-s3)");
    }
    String presign = env.get("REELAY_S3_PRESIGN_ENDPOINT");
    if (presign != null && !presign.isBlank()) {
      Matcher presignUrl = HTTP_URL.matcher(presign);
      int hostPort = presignUrl.matches() && presignUrl.group(2) != null ? Integer.parseInt(presignUrl.group(2)) : 80;
      boolean published =
          ports(host).stream().anyMatch(p -> Objects.equals(p.host(), hostPort) && p.container() == s3Port);
      if (!published) {
        problems.add(app + " REELAY_S3_PRESIGN_ENDPOINT=" + presign + " is not the host port " + host + " publishes for S3");
      }
    }

    Optional<String> configPath = flag(command, "-s3.config");
    if (configPath.isEmpty()) {
      problems.add(host + " has no -s3.config with the identities the app signs in with");
      return;
    }
    Path config = mountedFiles(host).get(configPath.get());
    if (config == null) {
      problems.add(host + " reads " + configPath.get() + " but mounts no file there");
      return;
    }
    Map<String, Object> identities = asMap(yaml(read(config)), config.toString());
    String accessKey = env.get("REELAY_S3_ACCESS_KEY_ID");
    String secretKey = env.get("REELAY_S3_SECRET_ACCESS_KEY");
    Set<String> needed = new TreeSet<>(Set.of("Read", "Write", "List"));
    if ("true".equals(env.getOrDefault("REELAY_S3_CREATE_BUCKET", defaultOf("REELAY_S3_CREATE_BUCKET")))) {
      needed.add("Admin");
    }
    boolean found = false;
    for (Object identity : asList(identities.get("identities"))) {
      Map<String, Object> i = asMap(identity, "identity");
      for (Object credential : asList(i.get("credentials"))) {
        Map<String, Object> c = asMap(credential, "credential");
        if (Objects.equals(c.get("accessKey"), accessKey) && Objects.equals(c.get("secretKey"), secretKey)) {
          found = true;
          Set<String> actions = asList(i.get("actions")).stream().map(String::valueOf).collect(Collectors.toSet());
          if (!actions.containsAll(needed)) {
            problems.add(
                dockerDir.relativize(config) + " gives " + app + "'s key the actions " + actions + ", it needs " + needed);
          }
        }
      }
    }
    if (!found) {
      problems.add(app + " signs in to S3 as " + accessKey + " (with its secret), which no identity in "
          + dockerDir.relativize(config) + " has");
    }
  }

  // --- monitoring: Prometheus and Grafana --------------------------------------------------------

  @Test
  void prometheusScrapesEveryReelayContainerAtItsPortAndLoadsTheAlertRules() {
    List<String> problems = new ArrayList<>();
    String prometheus = onlyServiceOf("prom/prometheus");
    String configPath =
        flag(command(prometheus), "--config.file")
            .orElseThrow(() -> new AssertionError(prometheus + " has no --config.file"));
    Path configFile = containerFile(prometheus, configPath);
    Map<String, Object> config = asMap(yaml(read(configFile)), dockerDir.relativize(configFile).toString());

    // every api and worker container, at its REELAY_PORT, on the path the app serves metrics at
    Set<String> expected = new TreeSet<>();
    appServices().forEach(name -> expected.add(name + ":" + appPort(name)));
    Set<String> scraped = new TreeSet<>();
    for (Object job : asList(config.get("scrape_configs"))) {
      Map<String, Object> scrape = asMap(job, "scrape_configs entry");
      String path = String.valueOf(scrape.getOrDefault("metrics_path", "/metrics"));
      for (Object staticConfig : asList(scrape.get("static_configs"))) {
        for (Object target : asList(asMap(staticConfig, "static_configs entry").get("targets"))) {
          scraped.add(String.valueOf(target));
          if (!path.equals(METRICS_PATH)) {
            problems.add(scrape.get("job_name") + " scrapes " + target + path + ", the app serves " + METRICS_PATH);
          }
        }
      }
    }
    if (!scraped.equals(expected)) {
      problems.add(dockerDir.relativize(configFile) + " scrapes " + scraped + " but the Reelay containers are " + expected);
    }
    List<?> ruleFiles = asList(config.get("rule_files"));
    if (ruleFiles.isEmpty()) {
      problems.add(dockerDir.relativize(configFile) + " loads no rule_files");
    }
    for (Object ruleFile : ruleFiles) {
      Path file = containerFile(prometheus, String.valueOf(ruleFile));
      if (!file.equals(dockerDir.resolve(MonitoringExpressions.ALERT_RULES).normalize())) {
        problems.add(prometheus + " loads " + ruleFile + " from " + file + ", not " + MonitoringExpressions.ALERT_RULES);
      }
    }
    if (ports(prometheus).stream().noneMatch(p -> p.container() == PROMETHEUS_PORT)) {
      problems.add(prometheus + " does not publish its port " + PROMETHEUS_PORT);
    }
    assertNoProblems(problems);
  }

  @Test
  void grafanaReadsPrometheusAndProvisionsTheDashboardsItMounts() throws IOException {
    List<String> problems = new ArrayList<>();
    String grafana = onlyServiceOf("grafana/grafana");
    String prometheus = onlyServiceOf("prom/prometheus");
    Path provisioning = containerFile(grafana, "/etc/grafana/provisioning");

    Set<String> dataSourceUids = new TreeSet<>();
    for (Path file : filesIn(provisioning.resolve("datasources"), ".yml")) {
      for (Object entry : asList(asMap(yaml(read(file)), file.toString()).get("datasources"))) {
        Map<String, Object> source = asMap(entry, "datasource");
        dataSourceUids.add(String.valueOf(source.get("uid")));
        Matcher url = HTTP_URL.matcher(String.valueOf(source.get("url")));
        if (!"prometheus".equals(source.get("type")) || !url.matches()) {
          problems.add(dockerDir.relativize(file) + " has a data source that is not Prometheus over http: " + source);
        } else if (!url.group(1).equals(prometheus) || !String.valueOf(PROMETHEUS_PORT).equals(url.group(2))) {
          problems.add(dockerDir.relativize(file) + " reads " + source.get("url") + ", Prometheus is " + prometheus
              + ":" + PROMETHEUS_PORT);
        }
      }
    }
    if (dataSourceUids.isEmpty()) {
      problems.add("grafana provisions no data source");
    }

    Set<Path> provisionedDashboards = new TreeSet<>();
    for (Path file : filesIn(provisioning.resolve("dashboards"), ".yml")) {
      for (Object entry : asList(asMap(yaml(read(file)), file.toString()).get("providers"))) {
        Object path = asMap(asMap(entry, "provider").get("options"), "provider options").get("path");
        provisionedDashboards.addAll(filesIn(containerFile(grafana, String.valueOf(path)), ".json"));
      }
    }
    Set<Path> dashboards = new TreeSet<>(filesIn(dockerDir.resolve(MonitoringExpressions.DASHBOARDS), ".json"));
    if (dashboards.isEmpty() || !provisionedDashboards.equals(dashboards)) {
      problems.add("grafana provisions " + provisionedDashboards + ", the dashboards are " + dashboards);
    }
    String home = environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
    if (home != null && !dashboards.contains(containerFile(grafana, home))) {
      problems.add(grafana + "'s home dashboard " + home + " is not one of " + dashboards);
    }

    // every panel and query names the provisioned data source by its uid
    for (Path dashboard : dashboards) {
      Set<String> used = new TreeSet<>();
      Matcher uid =
          Pattern.compile("\"datasource\"\\s*:\\s*\\{[^}]*\"uid\"\\s*:\\s*\"([^\"]*)\"").matcher(read(dashboard));
      while (uid.find()) {
        used.add(uid.group(1));
      }
      if (used.isEmpty() || !dataSourceUids.containsAll(used)) {
        problems.add(dockerDir.relativize(dashboard) + " uses the data sources " + used + ", provisioned are " + dataSourceUids);
      }
    }
    assertNoProblems(problems);
  }

  private static String onlyServiceOf(String image) {
    List<String> found = services.keySet().stream().filter(name -> isImage(name, image)).toList();
    assertEquals(1, found.size(), "expected one " + image + " service, found " + found);
    return found.get(0);
  }

  /** The file in docker/ that a service sees at {@code containerPath}, through its bind mounts. */
  private static Path containerFile(String service, String containerPath) {
    return mountedFiles(service).entrySet().stream()
        .filter(mount -> containerPath.equals(mount.getKey()) || containerPath.startsWith(mount.getKey() + "/"))
        .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
        .map(mount -> mount.getValue().resolve(containerPath.substring(mount.getKey().length()).replaceFirst("^/", "")))
        .map(Path::normalize)
        .filter(Files::exists)
        .orElseThrow(() -> new AssertionError(service + " reads " + containerPath + ", which it mounts from no file in docker/"));
  }

  private static List<Path> filesIn(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(suffix)).map(Path::normalize).sorted().toList();
    }
  }

  // --- reading the compose file ------------------------------------------------------------------

  /** Services built from the Dockerfile: Reelay's own containers. */
  private static Set<String> appServices() {
    return services.entrySet().stream()
        .filter(entry -> entry.getValue().containsKey("build"))
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Map<String, String> environment(String service) {
    Object environment = services.get(service).get("environment");
    Map<String, String> env = new LinkedHashMap<>();
    if (environment instanceof Map<?, ?> map) {
      map.forEach((key, value) -> env.put(String.valueOf(key), value == null ? null : String.valueOf(value)));
    } else if (environment instanceof List<?> list) {
      for (Object entry : list) {
        String text = String.valueOf(entry);
        int equals = text.indexOf('=');
        env.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? null : text.substring(equals + 1));
      }
    }
    return env;
  }

  private static List<String> command(String service) {
    Object command = services.get(service).get("command");
    if (command instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return command == null ? List.of() : Arrays.asList(String.valueOf(command).trim().split("\\s+"));
  }

  private static Optional<String> flag(List<String> command, String flag) {
    return command.stream()
        .filter(arg -> arg.startsWith(flag + "="))
        .map(arg -> arg.substring(flag.length() + 1))
        .findFirst();
  }

  private static Map<String, String> dependsOn(String service) {
    Object dependsOn = services.get(service).get("depends_on");
    Map<String, String> conditions = new LinkedHashMap<>();
    if (dependsOn instanceof List<?> list) {
      list.forEach(name -> conditions.put(String.valueOf(name), "service_started"));
    } else if (dependsOn instanceof Map<?, ?> map) {
      map.forEach(
          (name, spec) ->
              conditions.put(
                  String.valueOf(name),
                  spec instanceof Map<?, ?> s && s.get("condition") != null
                      ? String.valueOf(s.get("condition"))
                      : "service_started"));
    }
    return conditions;
  }

  private static List<String> cycleFrom(String service, List<String> path) {
    if (path.contains(service)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(service), path.size()));
      cycle.add(service);
      return cycle;
    }
    path.add(service);
    for (String dependency : dependsOn(service).keySet()) {
      if (services.containsKey(dependency)) {
        List<String> cycle = cycleFrom(dependency, path);
        if (cycle != null) {
          return cycle;
        }
      }
    }
    path.remove(path.size() - 1);
    return null;
  }

  /** Whether the service runs an image of that name, e.g. "postgres" or "temporalio/server". */
  private static boolean isImage(String service, String name) {
    Map<String, Object> s = services.get(service);
    if (s == null || s.get("image") == null) {
      return false;
    }
    String image = String.valueOf(s.get("image")).replaceAll("[:@].*", "");
    return image.equals(name) || image.endsWith("/" + name);
  }

  private static int appPort(String service) {
    return Integer.parseInt(environment(service).getOrDefault("REELAY_PORT", defaultOf("REELAY_PORT")));
  }

  private static Optional<String> healthCheckText(String service) {
    Object healthcheck = services.get(service).get("healthcheck");
    if (!(healthcheck instanceof Map<?, ?> map) || map.get("test") == null) {
      return Optional.empty();
    }
    Object test = map.get("test");
    return Optional.of(
        test instanceof List<?> list
            ? list.stream().map(String::valueOf).collect(Collectors.joining(" "))
            : String.valueOf(test));
  }

  private static Optional<Integer> healthCheckPort(String service) {
    return healthCheckText(service)
        .map(HEALTH_URL_PORT::matcher)
        .filter(Matcher::find)
        .map(m -> Integer.parseInt(m.group(1)));
  }

  record Port(String hostIp, Integer host, int container, String protocol) {}

  private static List<Port> ports(String service) {
    List<Port> ports = new ArrayList<>();
    for (Object entry : asList(services.get(service).get("ports"))) {
      if (entry instanceof Map<?, ?> map) {
        Object published = map.get("published");
        ports.add(new Port(
            map.get("host_ip") == null ? "" : String.valueOf(map.get("host_ip")),
            published == null ? null : Integer.valueOf(String.valueOf(published)),
            Integer.parseInt(String.valueOf(map.get("target"))),
            String.valueOf(map.get("protocol") == null ? "tcp" : map.get("protocol"))));
        continue;
      }
      String text = String.valueOf(entry);
      String protocol = "tcp";
      if (text.contains("/")) {
        protocol = text.substring(text.indexOf('/') + 1);
        text = text.substring(0, text.indexOf('/'));
      }
      String[] parts = text.split(":");
      switch (parts.length) {
        case 1 -> ports.add(new Port("", null, Integer.parseInt(parts[0]), protocol));
        case 2 -> ports.add(new Port("", Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), protocol));
        case 3 -> ports.add(new Port(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), protocol));
        default -> fail(service + " publishes " + entry + ", which is not [ip:]host:container");
      }
    }
    return ports;
  }

  record Mount(String source, String target, boolean bind) {}

  private static List<Mount> mounts(String service) {
    List<Mount> mounts = new ArrayList<>();
    for (Object entry : asList(services.get(service).get("volumes"))) {
      String source;
      String target;
      if (entry instanceof Map<?, ?> map) {
        source = map.get("source") == null ? null : String.valueOf(map.get("source"));
        target = String.valueOf(map.get("target"));
      } else {
        String[] parts = String.valueOf(entry).split(":");
        source = parts.length == 1 ? null : parts[0];
        target = parts.length == 1 ? parts[0] : parts[1];
      }
      if (source != null) {
        boolean bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
        mounts.add(new Mount(source, target, bind));
      }
    }
    return mounts;
  }

  /** Bind-mounted files by their path in the container. */
  private static Map<String, Path> mountedFiles(String service) {
    Map<String, Path> files = new LinkedHashMap<>();
    mounts(service).stream()
        .filter(Mount::bind)
        .forEach(mount -> files.put(mount.target(), dockerDir.resolve(mount.source()).normalize()));
    return files;
  }

  record Gateway(String service, Path file, int listen, Map<String, Integer> upstreams) {}

  /** The nginx service and what its configuration proxies to. */
  private static Gateway gateway() {
    List<String> nginx = services.keySet().stream().filter(name -> isImage(name, "nginx")).toList();
    assertEquals(1, nginx.size(), "expected one nginx gateway service, found " + nginx);
    String service = nginx.get(0);
    Path file =
        mountedFiles(service).entrySet().stream()
            .filter(entry -> entry.getKey().startsWith("/etc/nginx/"))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElseThrow(() -> new AssertionError(service + " mounts no configuration under /etc/nginx/"));
    String config = read(file).replaceAll("#[^\\n]*", "");
    Matcher listen = Pattern.compile("\\blisten\\s+(\\d+)").matcher(config);
    assertTrue(listen.find(), dockerDir.relativize(file) + " has no listen directive");
    Matcher proxyPass = Pattern.compile("\\bproxy_pass\\s+https?://([A-Za-z0-9_.-]+)").matcher(config);
    assertTrue(proxyPass.find(), dockerDir.relativize(file) + " has no proxy_pass");
    Matcher upstream =
        Pattern.compile("\\bupstream\\s+" + Pattern.quote(proxyPass.group(1)) + "\\s*\\{([^}]*)}").matcher(config);
    assertTrue(
        upstream.find(), dockerDir.relativize(file) + " proxies to " + proxyPass.group(1) + " but defines no such upstream");
    Map<String, Integer> servers = new TreeMap<>();
    Matcher server = Pattern.compile("\\bserver\\s+([A-Za-z0-9_.-]+):(\\d+)").matcher(upstream.group(1));
    while (server.find()) {
      servers.put(server.group(1), Integer.parseInt(server.group(2)));
    }
    return new Gateway(service, dockerDir.relativize(file), Integer.parseInt(listen.group(1)), servers);
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** The default application.yml gives ${NAME:default}. */
  private static String defaultOf(String name) {
    Matcher m = Pattern.compile("\\$\\{" + Pattern.quote(name) + ":`?([^}`]*)`?}").matcher(applicationYmlText);
    if (!m.find()) {
      fail("application.yml has no ${" + name + ":...} with a default");
    }
    return m.group(1);
  }

  private static void expect(List<String> problems, String service, Map<String, String> env, String key, String expected) {
    if (!Objects.equals(expected, env.get(key))) {
      problems.add(service + " has " + key + "=" + env.get(key) + ", expected " + expected);
    }
  }

  /** A duration as compose and Micronaut write it: 90s, 1m30s, 500ms, 2h. */
  private static double seconds(String duration) {
    Matcher part = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(duration.trim());
    double seconds = 0;
    int end = 0;
    while (part.find() && part.start() == end) {
      double amount = Double.parseDouble(part.group(1));
      seconds += switch (part.group(2)) {
        case "ms" -> amount / 1000;
        case "s" -> amount;
        case "m" -> amount * 60;
        default -> amount * 3600;
      };
      end = part.end();
    }
    if (end == 0 || end != duration.trim().length()) {
      fail("cannot read the duration " + duration);
    }
    return seconds;
  }

  private static Set<String> csv(String value) {
    if (value == null) {
      return Set.of();
    }
    return Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(part -> !part.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static void assertNoProblems(List<String> problems) {
    assertNoProblems("docker/docker-compose.yml", problems);
  }

  private static void assertNoProblems(String file, List<String> problems) {
    assertTrue(problems.isEmpty(), file + ":\n  " + String.join("\n  ", problems));
  }

  /** Resolves compose's ${VAR:-default} forms with their defaults (not this machine's environment). */
  private static Object interpolate(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((key, value) -> copy.put(String.valueOf(key), interpolate(value)));
      return copy;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(ComposeFileTest::interpolate).toList();
    }
    if (!(node instanceof String text)) {
      return node;
    }
    Matcher m = INTERPOLATION.matcher(text);
    StringBuilder resolved = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String expression = m.group(1) != null ? m.group(1) : m.group(2);
        Matcher parts = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?(.*)", Pattern.DOTALL).matcher(expression);
        if (!parts.matches()) {
          fail("docker-compose.yml: cannot read the interpolation " + m.group());
        }
        interpolatedVariables.add(parts.group(1));
        String operator = parts.group(2) == null ? "" : parts.group(2);
        if (operator.endsWith("-")) {
          replacement = parts.group(3);
        } else if (operator.endsWith("+")) {
          replacement = ""; // the alternative applies only when the variable is set
        } else {
          variablesWithoutDefault.add(parts.group(1));
          replacement = "";
        }
      }
      m.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(resolved);
    return resolved.toString();
  }

  private static void flattenKeys(String prefix, Object node, Set<String> keys) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) -> {
            String path = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
            keys.add(path);
            flattenKeys(path, value, keys);
          });
    }
  }

  private static Object yaml(String text) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object node, String what) {
    if (!(node instanceof Map<?, ?>)) {
      fail(what + " is not a mapping: " + node);
    }
    return (Map<String, Object>) node;
  }

  private static List<?> asList(Object node) {
    return node instanceof List<?> list ? list : List.of();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The repository root: the first directory upwards, from reelay.project.root (set by the build)
   * or else the working directory (Maven runs a module's tests in the module), that holds
   * docker/docker-compose.yml.
   */
  private static Path projectRoot() {
    List<Path> starts = new ArrayList<>();
    Optional.ofNullable(System.getProperty("reelay.project.root")).map(Path::of).ifPresent(starts::add);
    starts.add(Path.of(""));
    for (Path start : starts) {
      for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
        if (Files.isRegularFile(dir.resolve("docker/docker-compose.yml"))) {
          return dir;
        }
      }
    }
    throw new AssertionError("docker/docker-compose.yml not found above " + starts);
  }
}
