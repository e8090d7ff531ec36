package io.reelay.app.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.serde.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A new key is the key's own fields, in their order, nulls written, then the secret and key_id. */
class KeyRecordsTest {

  private static ObjectMapper.CloseableObjectMapper json;

  @BeforeAll
  static void mapper() {
    json = ObjectMapper.create(Map.of(), "io.reelay.app.keys");
  }

  @AfterAll
  static void close() {
    json.close();
  }

  @Test
  void aNewKeyWritesTheKeysFieldsThenItsSecret() throws Exception {
    UUID id = UUID.fromString("6f1c1d7e-0000-4000-8000-000000000002");
    ApiKeyResponse key =
        new ApiKeyResponse(id, "ci runner", true, "sk-…abc123", 30, Instant.parse("2026-01-02T03:04:05Z"), null, null);
    String fields =
        "\"id\":\"6f1c1d7e-0000-4000-8000-000000000002\",\"name\":\"ci runner\",\"is_active\":true,"
            + "\"preview\":\"sk-…abc123\",\"rate_limit_per_minute\":30,\"created_at\":\"2026-01-02T03:04:05Z\","
            + "\"last_used_at\":null,\"revoked_at\":null";
    assertEquals("{" + fields + "}", text(key));
    assertEquals(
        "{" + fields + ",\"key\":\"sk-secret\",\"key_id\":\"6f1c1d7e-0000-4000-8000-000000000002\"}",
        text(NewApiKeyResponse.of(key, "sk-secret")));
  }

  private static String text(Object value) throws Exception {
    return new String(json.writeValueAsBytes(value), StandardCharsets.UTF_8);
  }
}
