package io.reelay.activities.generations;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.data.model.runtime.convert.AttributeConverter;
import jakarta.inject.Singleton;

/** generations.status holds the status's lower-case word, as the API spells it. */
@Singleton
public final class GenerationStatusConverter implements AttributeConverter<GenerationStatus, String> {

  @Override
  public String convertToPersistedValue(GenerationStatus status, ConversionContext context) {
    return status == null ? null : status.word();
  }

  @Override
  public GenerationStatus convertToEntityValue(String word, ConversionContext context) {
    return word == null
        ? null
        : GenerationStatus.of(word)
            .orElseThrow(() -> new IllegalStateException("generations.status holds an unknown status: " + word));
  }
}
