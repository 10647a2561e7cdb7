package io.paramant.relay.did.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the routes where a device acts (docs/did.md): there the DID headers may replace {@code
 * X-Api-Key}. Read by {@code ApiKeyFilter} from the matched resource method or its class.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface DidAccepted {}
