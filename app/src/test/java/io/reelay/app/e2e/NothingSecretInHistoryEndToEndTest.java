package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.reelay.workflows.generation.GenerationView;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No secret enters workflow history (DESIGN §4): a generation through a provider that has an API
 * key and calls us back with a token, for a client that gave a webhook URL with a token in it.
 * The whole history is searched three ways: its JSON form as the CLI and UI export it, every
 * base64 payload in it decoded, and the SDK's event objects as text.
 */
class NothingSecretInHistoryEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROVIDER_KEY = "sk-video-e2e-" + UUID.randomUUID().toString().replace("-", "");
  private static final String WEBHOOK_TOKEN = "whtok" + UUID.randomUUID().toString().replace("-", "");

  private static LocalStack stack;
  private static WorkflowClient temporal;
  private static HttpServer webhookReceiver;
  private static final java.util.concurrent.atomic.AtomicInteger webhooksReceived =
      new java.util.concurrent.atomic.AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    // the client's webhook endpoint, on loopback (answers 200 to whatever arrives)
    webhookReceiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    webhookReceiver.createContext(
        "/",
        exchange -> {
          webhooksReceived.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    webhookReceiver.start();
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_EMULATORS_ENABLED", "true",
                "REELAY_VIBEGEN_ENABLED", "true",
                // our own key for the provider, and the emulator expecting it
                "REELAY_VIBEGEN_API_KEY", PROVIDER_KEY,
                "REELAY_EMULATORS_VIBEGEN_API_KEY", PROVIDER_KEY,
                // the fallback poll is far away: finishing early means the callback (with its token) came
                "REELAY_VIBEGEN_POLL_SECONDS", "120",
                "REELAY_EMULATORS_VIBEGEN_DELAY_SECONDS", "1",
                // the client's webhook receiver is on loopback
                "REELAY_WEBHOOKS_ALLOWED_CIDRS", "127.0.0.1/32",
                "REELAY_RATE_LIMIT_PER_MINUTE", "100000",
                "REELAY_RATE_LIMIT_MAX_PER_MINUTE", "100000"));
    temporal = stack.temporalClient();
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (webhookReceiver != null) {
      webhookReceiver.stop(0);
    }
  }

  @Test
  void noKeyTokenOrSignedUrlIsInTheHistoryOfACallbackGeneration() throws Exception {
    String apiKey = stack.newAccount("history-secrets", "2.00");
    String prompt = "a glass lighthouse at dawn, marker " + UUID.randomUUID();
    String webhookUrl = "http://127.0.0.1:" + webhookReceiver.getAddress().getPort() + "/hooks/reelay?token=" + WEBHOOK_TOKEN;
    long started = System.currentTimeMillis();
    HttpResponse<String> response =
        stack.post(
            "/v1/generations",
            apiKey,
            Map.of(
                "model", "vibegen-video",
                "prompt", prompt,
                "duration_seconds", 5,
                "resolution", "480p",
                "webhook_url", webhookUrl),
            Map.of());
    assertEquals(201, response.statusCode(), response.body());
    JsonNode created = LocalStack.json(response);
    assertEquals(webhookUrl, created.get("webhook_url").asText(), "the webhook URL is kept (in PostgreSQL)");
    String id = created.get("id").asText();
    String workflowId = "generation-" + id;

    stack.awaitStatus(apiKey, id, "completed", Duration.ofSeconds(90));
    assertTrue(
        System.currentTimeMillis() - started < 60_000,
        "finished by VibeGen's callback (so VibeGen had a valid token), long before the 120 s poll");

    GenerationView view = temporal.newUntypedWorkflowStub(workflowId).query("status", GenerationView.class);
    assertEquals("vibegen", view.provider());
    assertTrue(view.callbacks() >= 1, "the callback arrived as a signal: " + view);
    String providerJobId = view.providerJobId();

    HistoryText history = HistoryText.of(temporal.fetchHistory(workflowId));

    // The secrets, each shown to be the real thing before it is looked for.
    String callbackToken = callbackToken("vibegen", id);
    assertEquals(
        200,
        stack.post("/v1/provider-callbacks/vibegen/" + id + "?token=" + callbackToken, null, Map.of(), Map.of()).statusCode(),
        "the computed callback token is the one our endpoint accepts (the one VibeGen was given)");
    assertEquals(
        403,
        stack.post("/v1/provider-callbacks/vibegen/" + id + "?token=" + callbackToken.substring(1), null, Map.of(), Map.of()).statusCode(),
        "the endpoint does check tokens");
    HttpResponse<String> task = stack.get("/emulators/vibegen/api/v1/tasks/" + providerJobId, PROVIDER_KEY);
    assertEquals(200, task.statusCode(), "the provider key is the one VibeGen accepts: " + task.body());
    String videoUrl = LocalStack.json(task).get("data").get("video_url").asText();
    assertTrue(videoUrl.contains("/files/"), videoUrl);
    String videoUrlToken = videoUrl.substring(videoUrl.lastIndexOf('/') + 1).replace(".mp4", "");

    // The search finds what is meant to be there, in the decoded payloads: it can fail.
    assertTrue(history.decodedPayloads.contains(prompt), "the prompt is in the decoded input payload");
    assertTrue(history.decodedPayloads.contains(providerJobId), "the provider's job id is in a decoded payload");
    assertTrue(history.sdkText.contains(prompt), "the SDK's events show payloads as text");
    assertTrue(history.json.contains("providerCallback"), "the callback signal is in the JSON");

    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("the client's API key", apiKey);
    secrets.put("the provider's API key", PROVIDER_KEY);
    secrets.put("the provider callback token", callbackToken);
    secrets.put("the token in the client's webhook URL", WEBHOOK_TOKEN);
    secrets.put("the provider's signed video URL", videoUrlToken);
    secrets.put("the admin token", LocalStack.ADMIN_TOKEN);
    List<String> found = history.whichOf(secrets);
    assertTrue(found.isEmpty(), "secrets in the workflow history of " + workflowId + ": " + found);
    // and the client's webhook URL as such (it is a credential: whoever has it can post to the client)
    assertFalse(history.contains("/hooks/reelay"), "the client's webhook URL is in history");

    // The webhook's own delivery workflow: neither the URL's token nor the signing secret.
    String signingSecret = LocalStack.json(stack.get("/v1/webhook-secret", apiKey)).get("secret").asText();
    long deadline = System.currentTimeMillis() + 30_000;
    JsonNode deliveries = null;
    while (System.currentTimeMillis() < deadline) {
      deliveries = LocalStack.json(stack.get("/v1/generations/" + id + "/webhook-deliveries", apiKey)).get("data");
      if (deliveries.size() == 1 && deliveries.get(0).get("status").asText().equals("delivered")) {
        break;
      }
      Thread.sleep(250);
    }
    assertEquals("delivered", deliveries.get(0).get("status").asText(), deliveries.toString());
    assertEquals(1, webhooksReceived.get());
    String deliveryWorkflow = "webhook-" + deliveries.get(0).get("id").asText();
    HistoryText delivery = HistoryText.of(temporal.fetchHistory(deliveryWorkflow));
    assertTrue(delivery.decodedPayloads.contains(id), "the delivery names its generation");
    Map<String, String> webhookSecrets = new LinkedHashMap<>(secrets);
    webhookSecrets.put("the webhook signing secret", signingSecret.substring("whsec_".length()));
    List<String> inDelivery = delivery.whichOf(webhookSecrets);
    assertTrue(inDelivery.isEmpty(), "secrets in the history of " + deliveryWorkflow + ": " + inDelivery);
    assertFalse(delivery.contains("/hooks/reelay"), "the client's webhook URL is in the delivery's history");
  }

  /** The callback token as CallbackTokens mints it: HMAC-SHA256 of provider/generation under the server's key. */
  private static String callbackToken(String provider, String generationId) throws Exception {
    byte[] key;
    try (Connection c = stack.database();
        PreparedStatement ps = c.prepareStatement("SELECT value FROM server_secrets WHERE name = 'callback-token-key'");
        ResultSet rs = ps.executeQuery()) {
      assertTrue(rs.next(), "the server made its callback token key");
      key = Base64.getDecoder().decode(rs.getString(1));
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] digest = mac.doFinal((provider + "/" + generationId).getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  /** A workflow history as searchable text, three ways. */
  private record HistoryText(String json, String decodedPayloads, String sdkText) {

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

    /** Which of the named values appear, each with where it was found. */
    List<String> whichOf(Map<String, String> named) {
      List<String> found = new ArrayList<>();
      named.forEach(
          (what, value) -> {
            String where = whereIs(value);
            if (where != null) {
              found.add(what + " (" + where + ")");
            }
          });
      return found;
    }

    static HistoryText of(WorkflowExecutionHistory history) throws Exception {
      String json = history.toJson(false);
      List<String> decoded = new ArrayList<>();
      decodeAll(JSON.readTree(json), decoded);
      String sdkText = history.getEvents().stream().map(Object::toString).collect(Collectors.joining("\n"));
      assertNotNull(json);
      assertTrue(decoded.size() > 5, "the history has payloads: " + decoded);
      return new HistoryText(json, String.join("\n", decoded), sdkText);
    }

    /** Every string in the JSON that is base64 of UTF-8 text, decoded (payload data and metadata). */
    private static void decodeAll(JsonNode node, List<String> out) {
      if (node.isTextual()) {
        String text = node.asText();
        if (text.length() >= 4 && text.length() % 4 == 0 && BASE64.matcher(text).matches()) {
          try {
            out.add(
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getDecoder().decode(text)))
                    .toString());
          } catch (IllegalArgumentException | CharacterCodingException notText) {
            // an id or binary data, not a text payload
          }
        }
      }
      node.forEach(child -> decodeAll(child, out));
    }

    boolean contains(String value) {
      return whereIs(value) != null;
    }

    /** Which form of the history holds {@code value}, or null. */
    String whereIs(String value) {
      if (json.contains(value)) {
        return "in the JSON";
      }
      if (decodedPayloads.contains(value)) {
        return "in a decoded payload";
      }
      if (sdkText.contains(value)) {
        return "in the SDK's events";
      }
      return null;
    }
  }
}
