/**
 * Plays the Lambda runtime for the packaged handler: the working directory is the extracted handler.zip (the
 * task root), whose index.mjs is imported and its `handler` invoked on the event file given, as Lambda does.
 * Prints `INVOKE-RESULT <json>` or `INVOKE-ERROR <json>` after the handler's own log lines, then saves the
 * simulated account.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [eventFile] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(join(process.cwd(), 'index.mjs')).href);
const event = JSON.parse(await readFile(eventFile, 'utf8'));
const context = {
  functionName: 'mirrorctl-healer',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:mirrorctl-healer',
  memoryLimitInMB: '512',
  awsRequestId: '00000000-0000-4000-8000-000000000001',
  logGroupName: '/mirrorctl/mirrorctl-demo-ndr',
  logStreamName: 'test',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 300_000,
};
try {
  const result = await handler(event, context);
  process.stdout.write(`INVOKE-RESULT ${JSON.stringify(result)}\n`);
} catch (error) {
  process.stdout.write(`INVOKE-ERROR ${JSON.stringify({ name: error?.name, message: error?.message })}\n`);
  process.exitCode = 1;
} finally {
  // The same URL the handler imported it by, so the same module and account.
  const { save } = await import(pathToFileURL(resolve(process.env.MIRRORCTL_TEST_SANDBOX_MODULE)).href);
  await save();
}
