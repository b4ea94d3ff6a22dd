package dev.kiln.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kiln completion bash|zsh}: a completion script generated from the command tree. */
@Command(
    name = "completion",
    description = {
      "Print a shell completion script, e.g.",
      "  source <(kiln completion bash)   or, in ~/.zshrc,   source <(kiln completion zsh)"
    })
final class CompletionCommand implements Runnable {
  @ParentCommand Kiln kiln;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}")
  Shell shell;

  /** The shells the script serves. */
  enum Shell {
    bash,
    zsh
  }

  @Override
  public void run() {
    String script = AutoComplete.bash("kiln", spec.root().commandLine());
    if (shell == Shell.zsh) {
      // zsh runs the bash script through its bash-completion emulation.
      kiln.out.println("autoload -U +X compinit && compinit");
      kiln.out.println("autoload -U +X bashcompinit && bashcompinit");
    }
    kiln.out.print(script);
    kiln.out.flush();
  }
}
