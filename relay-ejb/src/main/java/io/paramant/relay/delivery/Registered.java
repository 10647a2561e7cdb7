package io.paramant.relay.delivery;

/**
 * A webhook registration as the API reports it.
 *
 * @param id random id of the registration (32 hex digits)
 * @param type {@code hash} (one-shot, for one blob) or {@code device} (every blob to a device)
 * @param expiresInSeconds seconds a device registration lives; {@code null} for a hash
 *     registration, which ends with its blob's download or expiry
 */
public record Registered(String id, String type, Long expiresInSeconds) {}
