/** `mirrorctl version`: what a bug report needs: mirrorctl's, the AWS SDK's and the instance-type table's versions. */
import type { Argv } from 'yargs';
import { defineCommand, type GlobalArgs } from '../context.js';
import { formatVersions, versions } from '../version.js';

interface VersionArgs extends GlobalArgs {
  readonly format: 'text' | 'json';
}

export const versionCommand = defineCommand<VersionArgs>((context) => ({
  command: 'version',
  describe: 'Print the versions of mirrorctl, the AWS SDK and the supported-instance-type table',
  builder: (cli) =>
    cli.option('format', {
      alias: 'f',
      choices: ['text', 'json'] as const,
      default: 'text' as const,
      describe: 'Output format',
    }) as unknown as Argv<VersionArgs>,
  handler: (args) => {
    const found = versions();
    context.io.stdout.write(args.format === 'json' ? `${JSON.stringify(found, null, 2)}\n` : `${formatVersions(found)}\n`);
  },
}));
