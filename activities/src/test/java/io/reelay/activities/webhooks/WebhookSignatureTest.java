package io.reelay.activities.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signatures against the Standard Webhooks specification's own example. */
class WebhookSignatureTest {

  // the example of the specification (and of its reference libraries' tests)
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330;
  private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

  @Test
  void signsTheSpecificationsExample() {
    assertEquals(
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY));
  }

  @Test
  void anyChangeOfIdTimestampOrBodyChangesTheSignature() {
    String original = WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY);
    assertNotEquals(original, WebhookSignature.sign(SECRET, ID + "x", TIMESTAMP, BODY));
    assertNotEquals(original, WebhookSignature.sign(SECRET, ID, TIMESTAMP + 1, BODY));
    assertNotEquals(
        original, WebhookSignature.sign(SECRET, ID, TIMESTAMP, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void severalSecretsGiveSpaceSeparatedSignaturesInOrder() {
    String other = WebhookSignature.newSecret();
    String header = WebhookSignature.header(List.of(SECRET, other), ID, TIMESTAMP, BODY);
    String[] parts = header.split(" ");
    assertEquals(2, parts.length);
    assertEquals(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY), parts[0]);
    assertEquals(WebhookSignature.sign(other, ID, TIMESTAMP, BODY), parts[1]);
  }

  @Test
  void newSecretsAre32RandomBytesWithThePrefix() {
    String a = WebhookSignature.newSecret();
    String b = WebhookSignature.newSecret();
    assertTrue(a.startsWith("whsec_"));
    assertEquals(32, Base64.getDecoder().decode(a.substring(6)).length);
    assertNotEquals(a, b);
    assertThrows(IllegalArgumentException.class, () -> WebhookSignature.sign("not-a-secret", ID, TIMESTAMP, BODY));
  }
}
