package io.reelay.app.openapi;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * GET /openapi.yml — the OpenAPI document of the API, which the micronaut-openapi annotation
 * processor writes at compile time from the controllers and the schema records beside them.
 * Served without a key: it describes the API, it grants nothing.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Reelay API",
            version = "${api.version}",
            description =
                "A durable gateway for AI video generation. Every error answers"
                    + " {\"error\": {\"code\", \"message\"[, \"param\"]}}; every /v1 answer carries"
                    + " X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset."),
    tags = {
      @Tag(name = "generations", description = "Create, follow, cancel and download generations."),
      @Tag(name = "billing", description = "Prices, balance, usage and the ledger."),
      @Tag(name = "keys", description = "The account's API keys."),
      @Tag(name = "webhooks", description = "Signed webhooks about generations."),
      @Tag(name = "admin", description = "Operator endpoints, behind the admin token."),
      @Tag(name = "operations", description = "Health of the service.")
    },
    security = @SecurityRequirement(name = OpenApiController.API_KEY))
@SecurityScheme(
    name = OpenApiController.API_KEY,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "An account's API key: 'Authorization: Bearer <key>'.")
@SecurityScheme(
    name = OpenApiController.ADMIN_TOKEN,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "The operator's admin token (REELAY_ADMIN_TOKEN): 'Authorization: Bearer <token>'.")
@Controller
public class OpenApiController {

  /** Security scheme of the /v1 endpoints. */
  public static final String API_KEY = "apiKey";
  /** Security scheme of the /admin endpoints. */
  public static final String ADMIN_TOKEN = "adminToken";

  private static final String DOCUMENT = "META-INF/swagger/openapi.yml";

  private final byte[] document;

  public OpenApiController() {
    try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
      if (in == null) {
        throw new IllegalStateException(DOCUMENT + " is missing: the build generates it (micronaut-openapi)");
      }
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Hidden
  @Get(uri = "/openapi.yml", produces = "application/yaml")
  public HttpResponse<byte[]> document() {
    return HttpResponse.ok(document);
  }
}
