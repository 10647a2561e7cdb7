package io.paramant.systemtests;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the deployment when the test run ends. The deployment itself starts on first use (see
 * {@link Deployment}), so a run that selects no system test boots nothing. Registered in {@code
 * META-INF/services/org.junit.platform.launcher.LauncherSessionListener}; a JVM shutdown hook stops
 * it as well if the run is cut short.
 */
public final class DeploymentSession implements LauncherSessionListener {

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    Deployment.stop();
  }
}
