package io.reelay.app.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Min;
import java.util.Optional;

/**
 * A query value the binder could not read as its parameter's type ({@code ?limit=abc}, a cursor
 * this API did not write) is answered like a broken constraint: INVALID_PARAMETER with {@code
 * param} naming it. Other conversion failures keep the framework's answer.
 */
@Singleton
@Replaces(ConversionErrorHandler.class)
final class QueryValueConversionHandler extends ConversionErrorHandler {

  private final ErrorRendering rendering;

  QueryValueConversionHandler(ErrorResponseProcessor<?> responseProcessor, ErrorRendering rendering) {
    super(responseProcessor);
    this.rendering = rendering;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, ConversionErrorException e) {
    String name = e.getArgument().getName();
    if (!request.getParameters().contains(name)) {
      return super.handle(request, e);
    }
    return rendering.render(request, ApiException.invalid(name, message(name, e)));
  }

  /**
   * The rule the parameter states ({@code @Min}'s message: "limit must be an integer from 1 to
   * 100"), else what its type's converter said (the cursor's), else that it is not valid.
   */
  private static String message(String name, ConversionErrorException e) {
    Optional<String> rule = e.getArgument().getAnnotationMetadata().stringValue(Min.class, "message");
    if (rule.isPresent() && !rule.get().startsWith("{")) {
      return rule.get();
    }
    Throwable said = e.getConversionError().getCause();
    return said instanceof IllegalArgumentException && !(said instanceof NumberFormatException) && said.getMessage() != null
        ? said.getMessage()
        : name + " is not valid";
  }
}
