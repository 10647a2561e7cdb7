package io.paramant.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * What the command line does without a relay: help, usage errors and the failures it can reach
 * locally. Verification against a relay is covered by the system tests, against a real one.
 */
class ParamantTest {

  @TempDir Path state;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--help",
        "verify --help",
        "help verify",
        "send --help",
        "receive --help",
        "watch --help",
        "drop --help",
        "pickup --help",
        "keys --help",
        "keys init --help",
        "keys register --help",
        "keys show --help",
        "keys monitor --help",
        "did --help",
        "did register --help",
        "did show --help",
        "did resolve --help",
        "notary --help",
        "notary verify --help",
        "help notary",
        "scan --help",
        "audit --help",
        "stream --help",
        "help send"
      })
  void every_command_has_help_that_ends_with_the_exit_codes(String args) {
    assertEquals(0, run(args.split(" ")));

    String help = out.toString();
    assertTrue(help.startsWith("Usage: paramant"), help);
    for (String code : ExitCodes.TABLE.keySet()) {
      assertTrue(help.contains("\n  " + code + "   "), help);
    }
    assertEquals("", err.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "send",
        "verify",
        "verify --relay http://127.0.0.1:3000/ --sector main",
        "verify --relay ftp://127.0.0.1/",
        "verify --sector accounting",
        "verify --sector main --hash 1234",
        "verify --sector main --expect-key-id xyz",
        "verify --sector main --unknown",
        "send",
        "send a.txt --ttl 0s",
        "send a.txt --ttl soon",
        "send a.txt --to bob --relay http://127.0.0.1:1/ --sector main --key pgp_x",
        "send a.txt --to bob --device bad/id --key pgp_x",
        "receive",
        "receive --hash 1234",
        "receive --hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08,"
            + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "watch",
        "watch . --to bob --interval 0 --key pgp_x",
        "keys",
        "keys rotate",
        "keys monitor --key pgp_x",
        "stream --key pgp_x --monitor-interval -1",
        "scan not/a/host",
        "scan 127.0.0.1:70000",
        "scan 127.0.0.1:3000 --sector main",
        "scan --relay http://127.0.0.1:3000/ --sector main",
        "scan a b",
        "pickup one two three --relay ftp://x/",
        "did",
        "did rotate",
        "did resolve",
        "did resolve did:paramant:short",
        "did resolve did:web:example.com",
        "notary",
        "notary deed.pdf",
        "notary deed.pdf --receipt",
        "notary verify",
        "notary verify deed.pdf",
        "notary verify a b --expect-key-id xyz",
        "notary verify a b --relay http://127.0.0.1:3000/ --sector main",
        "send a.txt --to bob --auth token --key pgp_x",
        "receive --auth --hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "audit --csv --verify --key pgp_x",
        "audit --auth token --key pgp_x",
        "audit -o",
        "audit extra --key pgp_x"
      })
  void a_usage_error_is_one_line_and_exit_2(String args) {
    assertEquals(2, run(args.isEmpty() ? new String[0] : args.split(" ")));

    assertEquals(1, err.toString().lines().count(), err::toString);
    assertTrue(err.toString().contains("--help"), err::toString);
    assertEquals("", out.toString());
  }

  @Test
  void an_unreachable_relay_is_one_line_and_exit_3() throws IOException {
    String relay = "http://127.0.0.1:" + closedPort() + "/";

    assertEquals(3, run("verify", "--relay", relay, "--state-dir", state.toString()));

    assertEquals(
        "paramant verify: cannot connect to " + relay + " (ConnectException)",
        err.toString().strip());
  }

  @Test
  void verbose_adds_the_stack_trace() throws IOException {
    String relay = "http://127.0.0.1:" + closedPort() + "/";

    assertEquals(3, run("verify", "--relay", relay, "--state-dir", state.toString(), "--verbose"));

    assertTrue(err.toString().contains("\tat io.paramant.client."), err::toString);
  }

  @Test
  void a_damaged_state_file_is_exit_4_before_the_relay_is_asked() throws IOException {
    String relay = "http://127.0.0.1:" + closedPort() + "/";
    Path file = Files.createDirectories(state.resolve("log-heads")).resolve(fileName(relay));
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, "{}");

    assertEquals(4, run("verify", "--relay", relay, "--state-dir", state.toString()));

    assertTrue(
        err.toString().startsWith("paramant verify: " + file + " is damaged"), err::toString);
  }

  @Test
  void a_command_line_built_for_one_command_has_that_command_as_the_full_one_has_it() {
    CommandLine full = Paramant.commandLine();
    for (Class<?> command : Paramant.SUBCOMMANDS) {
      String name = command.getAnnotation(CommandLine.Command.class).name();
      CommandLine only = Paramant.commandLine(new String[] {"--verbose", name, "--help"});
      if (name.equals("help")) {
        assertEquals(full.getSubcommands().keySet(), only.getSubcommands().keySet());
        continue;
      }
      assertEquals(java.util.Set.of(name), only.getSubcommands().keySet(), name);
      assertSameCommands(full.getSubcommands().get(name), only.getSubcommands().get(name));
    }
    assertEquals(
        full.getUsageMessage(), Paramant.commandLine(new String[] {"-h"}).getUsageMessage());
  }

  private static void assertSameCommands(CommandLine expected, CommandLine actual) {
    assertEquals(expected.getUsageMessage(), actual.getUsageMessage());
    assertEquals(
        expected.getCommandSpec().options().stream().map(o -> o.longestName()).toList(),
        actual.getCommandSpec().options().stream().map(o -> o.longestName()).toList(),
        expected.getCommandSpec().qualifiedName());
    assertEquals(expected.getSubcommands().keySet(), actual.getSubcommands().keySet());
    for (String sub : expected.getSubcommands().keySet()) {
      assertSameCommands(expected.getSubcommands().get(sub), actual.getSubcommands().get(sub));
    }
  }

  private int run(String... args) {
    // as main() builds it: for the command named, or all
    CommandLine cli = Paramant.commandLine(args);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static String fileName(String relay) {
    return relay.replace("http://", "http-").replace(":", "-").replace("/", "") + ".json";
  }

  /** A loopback port that nothing listens on. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
