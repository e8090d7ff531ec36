package io.reelay.app;

import io.micronaut.runtime.Micronaut;

/** Reelay's API and worker in one process (roles are configurable: reelay.roles). */
public class ReelayApplication {

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(ReelayApplication.class).packages("io.reelay").start();
  }
}
