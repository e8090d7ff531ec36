package io.reelay.app.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.validation.validator.Validator;
import io.reelay.app.admin.CreateAccountRequest;
import io.reelay.app.keys.CreateKeyRequest;
import jakarta.validation.ConstraintViolation;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A key's name and an account's name follow one rule, each with its own length and message. */
class NameRulesTest {

  private static final Validator validator = Validator.getInstance();

  @Test
  void aKeyNameIsOneToAHundredPrintableCharacters() {
    String rule = "name is required: 1 to 100 printable characters";
    assertEquals(Set.of(), broken(new CreateKeyRequest("ci runner", null)));
    assertEquals(Set.of(), broken(new CreateKeyRequest("k".repeat(100), null)));
    assertEquals(Set.of("name: " + rule), broken(new CreateKeyRequest("k".repeat(101), null)));
    assertEquals(Set.of("name: " + rule), broken(new CreateKeyRequest("  ", null)));
    assertEquals(Set.of("name: " + rule), broken(new CreateKeyRequest("tab\there", null)));
    assertEquals(Set.of("name: " + rule), broken(new CreateKeyRequest(null, null)));
  }

  @Test
  void anAccountNameIsOneToTwoHundredPrintableCharacters() {
    String rule = "name is required: 1 to 200 printable characters";
    assertEquals(Set.of(), broken(new CreateAccountRequest("a".repeat(200), null)));
    assertEquals(Set.of("name: " + rule), broken(new CreateAccountRequest("a".repeat(201), null)));
    assertEquals(Set.of("name: " + rule), broken(new CreateAccountRequest("", null)));
    assertEquals(Set.of("name: " + rule), broken(new CreateAccountRequest("bell\u0007", null)));
  }

  private static Set<String> broken(Object request) {
    Set<String> broken = new TreeSet<>();
    for (ConstraintViolation<Object> violation : validator.validate(request)) {
      broken.add(violation.getPropertyPath() + ": " + violation.getMessage());
    }
    return broken;
  }
}
