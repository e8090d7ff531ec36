package io.reelay.app.compat.videogenapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.serde.ObjectMapper;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerateRequestTest {

  @Test
  void theDocumentsFieldsAreReadAndOthersIgnored() throws Exception {
    String body =
        "{\"model\": \"veo-31\", \"prompt\": \"day to night\", \"reference_image_urls\": [\"https://a.example/day.jpg\","
            + " \"https://a.example/night.jpg\"], \"aspect_ratio\": \"16:9\", \"veo_model\": \"veo3_fast\", \"duration\": 15,"
            + " \"resolution\": \"4K\", \"camera_fixed\": false, \"seed\": 123456, \"add_audio\": true,"
            + " \"audio_prompt\": \"birds\", \"image_url\": \"https://a.example/dog.jpg\","
            // an answer's fields sent back: ignored
            + " \"style\": \"realistic\", \"fps\": 30}";
    // with the app's own readers (io.reelay.app.api) in the context, as in the server
    GenerateRequest request =
        ObjectMapper.create(Map.of(), "io.reelay.app.compat.videogenapi", "io.reelay.app.api").readValue(body, GenerateRequest.class);
    assertEquals("veo-31", request.model());
    assertEquals("day to night", request.prompt());
    assertEquals(List.of("https://a.example/day.jpg", "https://a.example/night.jpg"), request.referenceImageUrls());
    assertEquals("16:9", request.aspectRatio());
    assertEquals("veo3_fast", request.veoModel());
    assertEquals(15, request.duration());
    assertEquals("4K", request.resolution());
    assertEquals(Boolean.FALSE, request.cameraFixed());
    assertEquals(123456L, request.seed());
    assertTrue(request.addAudio());
    assertEquals("birds", request.audioPrompt());
    assertEquals("https://a.example/dog.jpg", request.imageUrl());
  }
}
