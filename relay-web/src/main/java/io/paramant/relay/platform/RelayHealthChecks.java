package io.paramant.relay.platform;

import io.paramant.relay.accounts.Accounts;
import io.paramant.relay.blob.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile Health: live while the application runs; ready when accounts are loaded and a slab
 * is free.
 */
@ApplicationScoped
public class RelayHealthChecks {

  @Inject Accounts accounts;
  @Inject BlobStore store;

  @Produces
  @Liveness
  HealthCheck live() {
    return () -> HealthCheckResponse.up("relay");
  }

  @Produces
  @Readiness
  HealthCheck ready() {
    return () ->
        HealthCheckResponse.named("relay")
            .status(accounts.loaded() && store.slabsInUse() < store.capacity())
            .withData("accounts_loaded", accounts.loaded())
            .withData("slabs_in_use", store.slabsInUse())
            .withData("capacity", store.capacity())
            .build();
  }
}
