package io.paramant.systemtests;

import io.paramant.client.GhostPipe;
import java.net.URI;
import java.nio.file.Path;

/**
 * The pipe {@code bin/paramant} builds for a device (the CLI's ClientOptions: its state directory,
 * also its key directory, the account's key and the device id), for CLI system tests whose setup
 * (registering a device or a DID) is not their subject: DidRegisterCommand and KeysRegisterCommand
 * are {@link GhostPipe#registerDid()} and {@link GhostPipe#registerDevice()} on it, in this JVM
 * instead of a client JVM of their own (two to three seconds each). The commands under test still
 * run as processes.
 */
final class CliDevicePipe {

  private CliDevicePipe() {}

  static GhostPipe of(URI relay, String apiKey, String deviceId, Path stateDirectory) {
    return GhostPipe.builder()
        .relay(relay)
        .apiKey(apiKey)
        .deviceId(deviceId)
        .keyDirectory(stateDirectory)
        .stateDirectory(stateDirectory)
        .build();
  }
}
