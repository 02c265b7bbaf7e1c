/**
 * The simulated account the packaged handler's test wires in through MIRRORCTL_TEST_SANDBOX_MODULE: the
 * account file named by MIRRORCTL_TEST_SANDBOX_FILE, run by the built simulator (dist/, built by the tests'
 * global setup), which is not in handler.zip. `save()` writes the account back for the test to read.
 */
import { createSandbox, readSandboxFile, writeSandboxFile } from '../../../dist/sandbox/index.js';

const file = process.env.MIRRORCTL_TEST_SANDBOX_FILE;
if (file === undefined) throw new Error('MIRRORCTL_TEST_SANDBOX_FILE is not set');

export const sandbox = createSandbox(await readSandboxFile(file));

export async function save() {
  await writeSandboxFile(file, sandbox.toFile());
}
