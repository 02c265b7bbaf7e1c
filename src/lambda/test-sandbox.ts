/**
 * The one way a test reaches the packaged handler.zip's AWS clients: MIRRORCTL_TEST_SANDBOX_MODULE names a
 * module outside the bundle whose `sandbox` export wires them to a simulated account. The bundle itself holds
 * no sandbox code; it only imports what the variable names.
 *
 * Unreachable in a deployed function: Lambda sets AWS_LAMBDA_FUNCTION_NAME and LAMBDA_TASK_ROOT in every
 * function, and both are reserved variables that a function's configuration can neither set nor remove. With
 * either one present the variable is refused (every invocation fails, saying why) instead of honoured, and the
 * generated template never sets it.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../core/errors.js';
import type { Sandbox } from '../sandbox/index.js';

export const TEST_SANDBOX_VARIABLE = 'MIRRORCTL_TEST_SANDBOX_MODULE';

/** Set by the Lambda runtime in every function; reserved, so never by the function's configuration. */
const LAMBDA_RUNTIME_VARIABLES = ['AWS_LAMBDA_FUNCTION_NAME', 'LAMBDA_TASK_ROOT'] as const;

export async function testSandbox(env: Readonly<Record<string, string | undefined>>): Promise<Sandbox | undefined> {
  const module = env[TEST_SANDBOX_VARIABLE];
  if (module === undefined || module === '') return undefined;
  const inLambda = LAMBDA_RUNTIME_VARIABLES.filter((name) => env[name] !== undefined);
  if (inLambda.length > 0) {
    throw new UserError(`${TEST_SANDBOX_VARIABLE} is set in an AWS Lambda function (${inLambda.join(', ')} present); it is for mirrorctl's tests only`, {
      hint: `remove ${TEST_SANDBOX_VARIABLE} from the function's environment`,
    });
  }
  const loaded = (await import(pathToFileURL(resolve(module)).href)) as { sandbox?: Sandbox };
  if (loaded.sandbox === undefined) throw new Error(`${module} exports no sandbox`);
  return loaded.sandbox;
}
