/** `mirrorctl schema`: the policy's JSON Schema, for editors (yaml-language-server) and other tools. */
import { defineCommand } from '../context.js';

export const schemaCommand = defineCommand((context) => ({
  command: 'schema',
  describe: 'Print the JSON Schema of mirror.config.yaml',
  handler: async () => {
    const { policyJsonSchema } = await import('../../policy/schema.js');
    context.io.stdout.write(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
  },
}));
