package io.reelay.activities.net;

import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The one answer of a Micronaut HTTP client publisher as a future, without pulling in a reactive
 * library for this one step: an exchange publishes a single response (or fails).
 */
public final class FirstAnswer {

  private FirstAnswer() {}

  public static <T> CompletableFuture<T> of(Publisher<T> publisher) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    publisher.subscribe(
        new Subscriber<T>() {
          @Override
          public void onSubscribe(Subscription subscription) {
            subscription.request(1);
          }

          @Override
          public void onNext(T item) {
            answer.complete(item);
          }

          @Override
          public void onError(Throwable error) {
            answer.completeExceptionally(error);
          }

          @Override
          public void onComplete() {
            answer.completeExceptionally(new IllegalStateException("the exchange ended without an answer"));
          }
        });
    return answer;
  }
}
