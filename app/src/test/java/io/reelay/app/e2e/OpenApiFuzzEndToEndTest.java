package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.io.service.ServiceDefinition;
import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.HttpMethodMapping;
import io.micronaut.http.uri.UriTemplate;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.BeanDefinitionReference;
import io.micronaut.inject.ExecutableMethod;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document on the real stack: served at /openapi.yml without a key, naming every
 * route the app serves under /v1 and /admin, and true to what the server does, as schemathesis
 * (from PyPI) finds by fuzzing every operation: no 5xx, only documented statuses, content types,
 * headers and bodies, invalid input refused, and the rest of its checks.
 *
 * <p>Bounded for CI (-Dreelay.fuzz.examples, default 20 per operation, seed -Dreelay.fuzz.seed);
 * see docs/api.md (OpenAPI) for a bigger run.
 */
class OpenApiFuzzEndToEndTest {

  private static final String SCHEMATHESIS_VERSION = "4.32.5";
  /** Provider-facing routes that are deliberately not part of the client API's document. */
  private static final Set<String> UNDOCUMENTED = Set.of("POST /v1/provider-callbacks/{provider}/{generationId}");

  private static LocalStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_SIM_DELAY_SECONDS", "1",
                "REELAY_SIM_POLL_SECONDS", "1",
                // the document says 1 to 6000 (the default maximum); every key may use all of it
                "REELAY_RATE_LIMIT_PER_MINUTE", "6000"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theDocumentIsServedWithoutAKeyAndNamesEveryRouteTheAppServes() throws Exception {
    HttpResponse<String> response = stack.get("/openapi.yml", null);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/yaml", response.headers().firstValue("Content-Type").orElse(""));
    Map<String, Object> document = new Yaml().load(response.body());
    assertTrue(String.valueOf(document.get("openapi")).startsWith("3."), "an OpenAPI 3 document");

    Set<String> documented = new TreeSet<>();
    ((Map<String, Map<String, Object>>) document.get("paths"))
        .forEach((path, operations) -> operations.keySet().forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));
    Set<String> served = new TreeSet<>();
    for (String route : servedRoutes()) {
      String path = route.substring(route.indexOf(' ') + 1);
      if ((path.startsWith("/v1/") || path.startsWith("/admin/")) && !UNDOCUMENTED.contains(route)) {
        served.add(route);
      }
    }
    Set<String> undocumented = new TreeSet<>(served);
    undocumented.removeAll(documented);
    assertEquals(Set.of(), undocumented, "routes the app serves that /openapi.yml does not document");
    Set<String> phantom = new TreeSet<>(documented);
    phantom.removeAll(servedRoutes());
    assertEquals(Set.of(), phantom, "operations /openapi.yml documents that no route serves");
  }

  @Test
  void schemathesisFindsNoOperationThatBreaksTheDocument() throws Exception {
    String key = stack.newAccount("openapi-fuzz", "1000000");
    Path library = PythonTools.install("schemathesis", SCHEMATHESIS_VERSION, "schemathesis");
    Path resources = Path.of(OpenApiFuzzEndToEndTest.class.getResource("/openapi/schemathesis.toml").toURI()).getParent();
    Path report = stack.workDir.resolve("schemathesis");
    List<String> command =
        new ArrayList<>(
            List.of(
                "python3", "-m", "schemathesis.cli",
                "--config-file", resources.resolve("schemathesis.toml").toString(),
                "run", stack.uri("/openapi.yml").toString(),
                // every check but positive_data_acceptance: whether a schema-valid request is
                // accepted depends on state no schema holds (the configured models, the cursors
                // the server issued, whether a webhook host is public)
                "--checks", "all",
                "--exclude-checks", "positive_data_acceptance",
                // Prefer: wait=N holds a create's answer up to 60 s by design
                "--max-response-time", "90",
                "--max-examples", System.getProperty("reelay.fuzz.examples", "20"),
                "--seed", System.getProperty("reelay.fuzz.seed", "20240611"),
                "--workers", "2",
                "--request-timeout", "90",
                "--report", "junit",
                "--report-dir", report.toString()));
    // its cache (.schemathesis/) goes to the stack's folder under target/, not into the sources
    ProcessBuilder builder = new ProcessBuilder(command).directory(stack.workDir.toFile()).redirectErrorStream(true);
    builder.environment().put("PYTHONPATH", library.toString());
    builder.environment().put("SCHEMATHESIS_HOOKS", resources.resolve("schemathesis_hooks.py").toString());
    builder.environment().put("REELAY_FUZZ_API_KEY", key);
    builder.environment().put("REELAY_FUZZ_ADMIN_TOKEN", LocalStack.ADMIN_TOKEN);
    List<String> models = new ArrayList<>();
    LocalStack.json(stack.get("/v1/models", key)).get("data").forEach(model -> models.add(model.get("id").asText()));
    builder.environment().put("REELAY_FUZZ_MODELS", String.join(",", models));
    builder.environment().put("NO_COLOR", "1");
    builder.environment().put("COLUMNS", "160");
    Process schemathesis = builder.start();
    String output = new String(schemathesis.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(schemathesis.waitFor(10, TimeUnit.MINUTES), "schemathesis did not finish");
    System.out.println(output); // the test's log: what ran, and how it went
    assertEquals(0, schemathesis.exitValue(), "schemathesis found problems:\n" + output);
    assertTrue(
        LocalStack.json(stack.get("/v1/balance", key)).get("balance_usd").decimalValue().signum() > 0,
        "the fuzzing did not run out of credits");
  }

  /** Every route of the app's controllers, from Micronaut's compile-time metadata (what its router serves). */
  private static Set<String> servedRoutes() {
    Set<String> routes = new TreeSet<>();
    for (ServiceDefinition<BeanDefinitionReference> service : SoftServiceLoader.load(BeanDefinitionReference.class)) {
      BeanDefinition<?> controller;
      try {
        BeanDefinitionReference<?> reference = service.isPresent() ? service.load() : null;
        if (reference == null || !reference.isPresent() || !reference.getAnnotationMetadata().hasStereotype(Controller.class)) {
          continue;
        }
        controller = reference.load();
      } catch (ServiceConfigurationError | LinkageError absent) {
        continue; // a bean for a library that is not on the classpath (e.g. javax.inject): no route
      }
      String base = controller.stringValue(Controller.class).orElse("/");
      for (ExecutableMethod<?, ?> method : controller.getExecutableMethods()) {
        method
            .getAnnotationTypeByStereotype(HttpMethodMapping.class)
            .ifPresent(
                mapping -> {
                  String uri = method.stringValue(mapping).orElse(method.stringValue(mapping, "uri").orElse(""));
                  routes.add(mapping.getSimpleName().toUpperCase(Locale.ROOT) + " " + UriTemplate.of(base).nest(uri));
                });
      }
    }
    return routes;
  }
}
