/**
 * Runs the `run:` steps of a GitHub Actions workflow job the way a runner does: each script in its own
 * `bash -e` (Actions' default shell), `${{ }}` expressions of `env:` resolved from a given map, outputs
 * through $GITHUB_OUTPUT, and the job stopping at the first failing step. `uses:` steps are skipped. On
 * PATH, `mirrorctl` is this repository's bin against a sandbox account; `gh` and `npm` are stubs that log
 * their arguments (and, for gh, play the GitHub API from STUB_* variables).
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly env?: Readonly<Record<string, string | number>>;
}

export interface Workflow {
  readonly env?: Readonly<Record<string, string | number>>;
  readonly jobs: Readonly<Record<string, { readonly steps: readonly Step[] }>>;
}

export interface StepRun {
  readonly step: string;
  readonly exitCode: number;
  readonly stderr: string;
}

export interface JobRun {
  readonly steps: readonly StepRun[];
  /** $GITHUB_OUTPUT's lines. */
  readonly outputs: readonly string[];
  /** One line per call: "gh pr comment 42 …", "npm install …". */
  readonly calls: readonly string[];
}

const REPO = fileURLToPath(new URL('../..', import.meta.url));

export async function readWorkflow(path: string): Promise<Workflow> {
  return parse(await readFile(path, 'utf8')) as Workflow;
}

const MIRRORCTL = `#!/usr/bin/env bash
case "$1" in
  plan|apply|destroy|discover) exec "${process.execPath}" "${REPO}bin/mirrorctl.js" "$@" --sandbox "$STUB_SANDBOX" ;;
  *) exec "${process.execPath}" "${REPO}bin/mirrorctl.js" "$@" ;;
esac
`;

const NPM = `#!/usr/bin/env bash
echo "npm $*" >> "$STUB_LOG"
`;

const GH = `#!/usr/bin/env bash
echo "gh $*" >> "$STUB_LOG"
option() { local name=$1; shift; while [ $# -gt 0 ]; do [ "$1" = "$name" ] && { echo "$2"; return; }; shift; done; }
case "$1 $2" in
  "pr comment") cp "$(option --body-file "$@")" "$STUB_DIR/comment.md" ;;
  "api "*) echo "\${STUB_PR_HEAD-}" ;;
  "run list") echo "\${STUB_RUN_ID-}" ;;
  "run download") dir=$(option --dir "$@"); mkdir -p "$dir"; cp "$STUB_ARTIFACT" "$dir/plan.json" ;;
  *) echo "gh stub: unexpected call: $*" >&2; exit 1 ;;
esac
`;

/** Writes the stubs into `dir`/bin; returns that directory. */
export async function installStubs(dir: string): Promise<string> {
  const bin = join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  for (const [name, script] of [['mirrorctl', MIRRORCTL], ['npm', NPM], ['gh', GH]] as const) {
    await writeFile(join(bin, name), script);
    await chmod(join(bin, name), 0o755);
  }
  return bin;
}

function expand(value: string | number, expressions: Readonly<Record<string, string>>): string {
  return String(value).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    const resolved = expressions[expression];
    if (resolved === undefined) throw new Error(`no value for the expression \${{ ${expression} }}`);
    return resolved;
  });
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ exitCode: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', script], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stderr }));
  });
}

export interface RunJobOptions {
  /** The checkout: the steps' working directory. */
  readonly cwd: string;
  /** Holds the stubs' bin/ (see installStubs), their log and the posted comment. */
  readonly stubDir: string;
  readonly expressions: Readonly<Record<string, string>>;
  /** STUB_SANDBOX, STUB_PR_HEAD, STUB_RUN_ID, STUB_ARTIFACT… */
  readonly stubEnv: Readonly<Record<string, string>>;
}

export async function runJob(workflow: Workflow, job: string, options: RunJobOptions): Promise<JobRun> {
  const steps = workflow.jobs[job]?.steps;
  if (steps === undefined) throw new Error(`the workflow has no job ${job}`);
  const output = join(options.stubDir, `${job}-output`);
  const log = join(options.stubDir, 'calls.log');
  await writeFile(output, '');
  await writeFile(log, '', { flag: 'a' });
  const runs: StepRun[] = [];
  for (const [index, step] of steps.entries()) {
    if (step.run === undefined) continue;
    const script = join(options.stubDir, `${job}-step-${index}.sh`);
    await writeFile(script, step.run);
    const env: NodeJS.ProcessEnv = {
      PATH: `${join(options.stubDir, 'bin')}:${process.env['PATH'] ?? ''}`,
      HOME: options.stubDir,
      NO_COLOR: '1',
      GITHUB_OUTPUT: output,
      STUB_LOG: log,
      STUB_DIR: options.stubDir,
      ...options.stubEnv,
    };
    for (const [name, value] of Object.entries({ ...workflow.env, ...step.env })) env[name] = expand(value, options.expressions);
    const { exitCode, stderr } = await bash(script, options.cwd, env);
    runs.push({ step: step.name ?? step.id ?? `step ${index}`, exitCode, stderr });
    if (exitCode !== 0) break;
  }
  const outputs = (await readFile(output, 'utf8')).split('\n').filter((line) => line !== '');
  const calls = (await readFile(log, 'utf8')).split('\n').filter((line) => line !== '');
  return { steps: runs, outputs, calls };
}
