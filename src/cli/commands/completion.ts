/**
 * `mirrorctl completion bash|zsh`: a script for the shell's rc file. The script asks mirrorctl itself for
 * the candidates (yargs' `--get-yargs-completions`), so completions follow the commands and options of the
 * installed version instead of a list frozen into the script.
 */
import type { Argv } from 'yargs';
import { defineCommand, type GlobalArgs } from '../context.js';

type Shell = 'bash' | 'zsh';

interface CompletionArgs extends GlobalArgs {
  readonly shell: Shell | undefined;
}

const bash = `# mirrorctl completion for bash: mirrorctl completion bash >> ~/.bashrc
_mirrorctl_complete() {
  local candidates
  candidates=$(mirrorctl --get-yargs-completions "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  COMPREPLY=($(compgen -W "$candidates" -- "\${COMP_WORDS[COMP_CWORD]}"))
}
complete -o default -F _mirrorctl_complete mirrorctl
`;

// zsh gets "value:description" pairs from yargs when SHELL names zsh, which _describe shows beside each candidate.
const zsh = `#compdef mirrorctl
# mirrorctl completion for zsh: mirrorctl completion zsh >> ~/.zshrc
_mirrorctl_complete() {
  local -a candidates
  candidates=("\${(@f)$(SHELL=zsh mirrorctl --get-yargs-completions "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  _describe 'mirrorctl' candidates && return 0
  _files
}
compdef _mirrorctl_complete mirrorctl
`;

/** The shell asked for, else the user's login shell, else bash. */
function shellOf(asked: Shell | undefined): Shell {
  return asked ?? (process.env['SHELL']?.endsWith('zsh') === true ? 'zsh' : 'bash');
}

export const completionCommand = defineCommand<CompletionArgs>((context) => ({
  command: 'completion [shell]',
  describe: 'Print a shell completion script (bash or zsh)',
  builder: (cli) =>
    cli
      .positional('shell', { choices: ['bash', 'zsh'] as const, describe: 'Default: the shell in $SHELL' })
      .example('$0 completion bash >> ~/.bashrc', 'Complete commands and options in bash')
      .example('$0 completion zsh >> ~/.zshrc', 'The same for zsh') as unknown as Argv<CompletionArgs>,
  handler: (args) => {
    context.io.stdout.write(shellOf(args.shell) === 'zsh' ? zsh : bash);
  },
}));
