// Preloaded with `node --import` by e2e.test.ts: any attempt to load the AWS SDK fails the process, which
// proves that commands such as `validate` never load it.
import { register } from 'node:module';

const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@aws-sdk/') || specifier.startsWith('@smithy/')) {
    throw new Error('the AWS SDK was loaded: ' + specifier);
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
