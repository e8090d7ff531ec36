package io.reelay.app.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The codes {@link ApiException}s and {@link ApiErrors} answer with, for the OpenAPI document. A
 * new code belongs here too: the schemathesis end-to-end test fails on an undocumented one.
 */
@Schema(name = "ErrorCode")
public enum ApiErrorCode {
  INVALID_PARAMETER,
  INVALID_API_KEY,
  INVALID_ADMIN_TOKEN,
  // 403 to a provider callback without the generation's token
  INVALID_CALLBACK_TOKEN,
  INSUFFICIENT_CREDITS,
  // 402 as well: the account vanished, or the generation was canceled, before admission
  ACCOUNT_NOT_FOUND,
  CANCELED,
  FORBIDDEN,
  NOT_FOUND,
  METHOD_NOT_ALLOWED,
  NOT_ACCEPTABLE,
  CONFLICT,
  IDEMPOTENCY_KEY_REUSED,
  NOT_READY,
  LAST_ACTIVE_KEY,
  KEY_LIMIT_REACHED,
  GENERATION_NOT_FINISHED,
  NO_WEBHOOK_URL,
  CONTENT_GONE,
  PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE,
  RANGE_NOT_SATISFIABLE,
  RATE_LIMIT_EXCEEDED,
  REDELIVERY_LIMIT_REACHED,
  INTERNAL_ERROR,
  UNAVAILABLE,
  /** A dependency (PostgreSQL, Temporal) is briefly down after the request began: retry with the same Idempotency-Key. */
  DEPENDENCY_UNAVAILABLE,
  /** Load shedding: too many generations wait to be submitted; nothing was started (Retry-After). */
  OVERLOADED
}
