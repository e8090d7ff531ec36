package io.reelay.activities.providers.venice;

import io.reelay.activities.providers.ProviderException;
import java.util.regex.Pattern;

/**
 * What identifies a Venice job: retrieve and complete want the model it was queued with as well
 * as its queueid, so our provider job id carries both, as {@code <model>|<queueid>}. It is stored
 * in workflow history and our database; neither part is secret.
 */
record VeniceJobId(String model, String queueId) {

  private static final String SEPARATOR = "|";
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
  private static final Pattern QUEUE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}");

  VeniceJobId {
    if (!valid(model, queueId)) {
      throw new IllegalArgumentException("not a Venice model and queueid");
    }
  }

  static boolean valid(String model, String queueId) {
    return validModel(model) && queueId != null && QUEUE_ID.matcher(queueId).matches();
  }

  static boolean validModel(String model) {
    return model != null && MODEL.matcher(model).matches();
  }

  String encode() {
    return model + SEPARATOR + queueId;
  }

  /** Reads an id made by {@link #encode()}; anything else is refused before a request is sent. */
  static VeniceJobId decode(String providerJobId) throws ProviderException {
    int at = providerJobId == null ? -1 : providerJobId.indexOf(SEPARATOR);
    if (at < 0) {
      throw ProviderException.refused("BAD_JOB_ID", "not a Venice job id (<model>|<queueid>)");
    }
    String model = providerJobId.substring(0, at);
    String queueId = providerJobId.substring(at + 1);
    if (!valid(model, queueId)) {
      throw ProviderException.refused("BAD_JOB_ID", "not a Venice job id (<model>|<queueid>)");
    }
    return new VeniceJobId(model, queueId);
  }
}
