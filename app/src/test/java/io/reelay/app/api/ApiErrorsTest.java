package io.reelay.app.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.micronaut.data.connection.exceptions.ConnectionException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures are a dependency that is away for a moment (503, retry), and which are bugs (500). */
class ApiErrorsTest {

  @Test
  void aDatabaseOrTemporalThatCannotBeReachedIsUnavailable() {
    // what a PostgreSQL restart threw at creates and cancels in ./reelay chaos
    assertTrue(ApiErrors.dependencyUnavailable(
        new ConnectionException("Could not set JDBC Connection read-only", new SQLException("Connection is closed", "08003"))));
    assertTrue(ApiErrors.dependencyUnavailable(new RuntimeException(new SQLException("I/O error", "08006"))));
    assertTrue(ApiErrors.dependencyUnavailable(new SQLException("terminating connection due to administrator command", "57P01")));
    assertTrue(ApiErrors.dependencyUnavailable(new SQLTransientConnectionException("Connection is not available, request timed out")));
    assertTrue(ApiErrors.dependencyUnavailable(new RuntimeException("start failed", Status.UNAVAILABLE.asRuntimeException())));
  }

  @Test
  void anythingElseStaysAnInternalError() {
    assertFalse(ApiErrors.dependencyUnavailable(new IllegalStateException("a bug")));
    assertFalse(ApiErrors.dependencyUnavailable(new RuntimeException(new SQLException("duplicate key", "23505"))));
    assertFalse(ApiErrors.dependencyUnavailable(new SQLException("no state")));
    assertFalse(ApiErrors.dependencyUnavailable(Status.INVALID_ARGUMENT.asRuntimeException()));
  }
}
