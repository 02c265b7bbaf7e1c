/** `mirrorctl completion`: the bash script, sourced in a real bash, completes commands, options and choices. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/** Sources the script and asks it to complete `words`, the last being the word under the cursor. */
async function complete(words: readonly string[]): Promise<string[]> {
  const script = (await runCli(['completion', 'bash'])).stdout;
  const quoted = words.map((word) => `'${word}'`).join(' ');
  const program = [
    // The installed command, here the checkout's.
    `mirrorctl() { "${process.execPath}" bin/mirrorctl.js "$@"; }`,
    script,
    `COMP_WORDS=(mirrorctl ${quoted}); COMP_CWORD=${words.length}`,
    '_mirrorctl_complete',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const run = spawnSync('bash', ['-c', program], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return run.stdout.split('\n').filter((line) => line !== '');
}

describe('mirrorctl completion', () => {
  it('completes a command name', async () => {
    expect(await complete(['pl'])).toEqual(['plan']);
  });

  it("completes a command's options", async () => {
    expect(await complete(['plan', '--detailed'])).toEqual(['--detailed-exitcode']);
    expect(await complete(['apply', '--sandbox-th'])).toEqual(['--sandbox-throttle']);
  });

  it("completes an option's choices", async () => {
    expect((await complete(['plan', '--format', ''])).sort()).toEqual(['json', 'markdown', 'text']);
  });

  it('prints a zsh script on request, and refuses an unknown shell', async () => {
    const zsh = await runCli(['completion', 'zsh']);
    expect(zsh.stdout).toMatch(/^#compdef mirrorctl\n/);
    expect(zsh.stdout).toContain('compdef _mirrorctl_complete mirrorctl');
    const fish = await runCli(['completion', 'fish']);
    expect(fish.exitCode).toBe(1);
    expect(fish.stderr).toContain('fish');
  });
});
