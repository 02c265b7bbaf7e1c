/** Runs one scenario in a fresh Node process and reads back its figures. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCENARIO_ENTRY = fileURLToPath(new URL('../scenario.js', import.meta.url));

/** Resolves `{ figures }`, or `{ error }` with the scenario's own message when it failed. */
export function runScenario(scenario, params) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', SCENARIO_ENTRY, scenario, JSON.stringify(params)], {
      // The SDK's notice that its 2027 releases drop Node 20 would otherwise fill the output of every scenario.
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => resolve({ error: error.message }));
    child.on('close', (code, signal) => {
      if (code === 0) {
        try {
          resolve({ figures: JSON.parse(stdout) });
        } catch {
          resolve({ error: `the scenario printed something other than its JSON figures:\n${stdout}${stderr}` });
        }
        return;
      }
      resolve({ error: stderr.trim() || `exited with ${signal ?? `code ${code}`}` });
    });
  });
}
