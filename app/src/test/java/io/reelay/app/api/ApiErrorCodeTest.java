package io.reelay.app.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every error code the API's sources answer with is an {@link ApiErrorCode} (the OpenAPI document's
 * list), and docs/api.md's error table names every one.
 */
class ApiErrorCodeTest {

  /** new ApiException(HttpStatus.X, "CODE", ...), ApiErrors.body("CODE", ...), and codeFor's "CODE". */
  private static final Pattern CODE =
      Pattern.compile("(?:ApiException\\(\\s*HttpStatus\\.\\w+,\\s*|body\\(\\s*|->\\s*)\"([A-Z][A-Z_]+)\"");

  @Test
  void everyCodeTheSourcesAnswerIsListed() throws IOException {
    Set<String> listed = Arrays.stream(ApiErrorCode.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    Set<String> answered = new TreeSet<>();
    try (Stream<Path> sources = Files.walk(projectRoot().resolve("app/src/main/java/io/reelay/app"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher code = CODE.matcher(Files.readString(source));
        while (code.find()) {
          answered.add(code.group(1));
        }
      }
    }
    assertTrue(answered.contains("INVALID_CALLBACK_TOKEN"), "the scan finds the codes: " + answered);
    answered.removeAll(listed);
    assertEquals(Set.of(), answered, "codes the API answers that ApiErrorCode does not list");
  }

  @Test
  void theApiPageNamesEveryCode() throws IOException {
    String page = Files.readString(projectRoot().resolve("docs/api.md"));
    String errors = page.substring(page.indexOf("## Errors"));
    errors = errors.substring(0, errors.indexOf("\n## ", 1) < 0 ? errors.length() : errors.indexOf("\n## ", 1));
    Set<String> missing = new TreeSet<>();
    for (ApiErrorCode code : ApiErrorCode.values()) {
      if (!errors.contains("`" + code.name() + "`")) {
        missing.add(code.name());
      }
    }
    assertEquals(Set.of(), missing, "codes docs/api.md's error table does not name");
  }

  private static Path projectRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs/api.md")) && Files.isDirectory(dir.resolve("app/src/main/java"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no project root above " + Path.of("").toAbsolutePath());
  }
}
