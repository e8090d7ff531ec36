package io.reelay.app.compat.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.reelay.app.api.StrictJson;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The JSON body of POST /v1/videos. Fields not listed are refused (400), as the Videos API does.
 *
 * @param model a Videos API model name (sora-2 when absent), mapped by configuration
 * @param prompt what to show
 * @param seconds "4", "8" or "12" (a JSON number is taken too); 4 when absent
 * @param size "720x1280" (when absent), "1280x720", "1024x1792" or "1792x1024"
 * @param inputReference the first frame: {"image_url": "https://… or data:image/…"}; a bare URL
 *     string is taken too (the gateways' form); {"file_id": …} is refused: there are no files here
 * @param characterIds refused unless empty: there are no characters here
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = false)
public record CreateVideoRequest(
    @StrictJson @Nullable String model,
    @StrictJson @NotNull(message = "prompt is required") String prompt,
    @Nullable JsonNode seconds,
    @StrictJson @Nullable String size,
    @Nullable JsonNode inputReference,
    @StrictJson @Nullable List<String> characterIds) {}
