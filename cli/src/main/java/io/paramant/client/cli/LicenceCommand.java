package io.paramant.client.cli;

import io.paramant.licence.LicenceTool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code paramant licence keygen|issue|verify}: the vendor's tool for {@code plk_} licences (the
 * licence module's {@link LicenceTool}, with its own help and exit codes: 0 ok, 1 invalid licence
 * or failed, 2 usage).
 */
@Command(
    name = "licence",
    description = {
      "Create a licence signing key pair, issue a plk_ licence (PLK_KEY), or check one against a"
          + " public key (PARAMANT_LICENCE_PUBLIC_KEY). `paramant licence --help` for details.",
      "Exit 0 ok, 1 invalid licence or the command failed, 2 usage error."
    })
final class LicenceCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "ARGS", description = "keygen | issue | verify ...")
  private List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        LicenceTool.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    spec.commandLine().getOut().print(out.toString(StandardCharsets.UTF_8));
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().print(err.toString(StandardCharsets.UTF_8));
    spec.commandLine().getErr().flush();
    return code;
  }
}
