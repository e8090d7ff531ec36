package io.reelay.app.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import java.io.IOException;

/**
 * A request field's reader that sees the field's JSON value as it came (null included) and
 * decides itself what it accepts, answering INVALID_PARAMETER naming the field otherwise.
 *
 * @param <T> what the field holds
 */
public abstract class NodeReader<T> implements Deserializer<T> {

  /** The field's value; {@code node} is a JSON null when the field is null. */
  protected abstract @Nullable T read(JsonNode node, Argument<? super T> field);

  @Override
  public final @Nullable T deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super T> type)
      throws IOException {
    return read(decoder.decodeNode(), type);
  }

  @Override
  public final T deserialize(Decoder decoder, DecoderContext context, Argument<? super T> type) throws IOException {
    return read(decoder.decodeNode(), type);
  }
}
