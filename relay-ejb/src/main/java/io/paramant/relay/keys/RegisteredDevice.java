package io.paramant.relay.keys;

/**
 * A device in the directory.
 *
 * @param deviceId its id within its namespace (the registering account's team, else the account)
 * @param keys its public keys
 * @param ctIndex the index of its {@code pubkey} leaf in the sector's transparency log
 */
public record RegisteredDevice(String deviceId, PublicKeySet keys, long ctIndex) {}
