import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const COMMITTED = 'schema/mirror.config.schema.json';

describe('mirrorctl schema', () => {
  it('prints the JSON Schema that is committed in schema/', async () => {
    const run = await runCli(['schema']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    expect(
      readFileSync(COMMITTED, 'utf8'),
      `${COMMITTED} is stale; regenerate it with: npx tsx src/cli/main.ts schema > ${COMMITTED}`,
    ).toBe(run.stdout);
  });

  it('tells editors about unknown keys, required keys and allowed values', async () => {
    const schema = JSON.parse((await runCli(['schema'])).stdout) as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, any>;
    };
    expect(schema.required.sort()).toEqual(['name', 'regions', 'version']);
    expect(schema.additionalProperties).toBe(false);
    const entry = schema.properties['vpcs'].items;
    expect(entry.additionalProperties).toBe(false);
    expect(entry.required.sort()).toEqual(['filter', 'target']);
    expect(entry.properties.interfaces.enum).toEqual(['all', 'primary']);
    expect(entry.properties.packetLength).toMatchObject({ minimum: 1, maximum: 8500 });
    expect(entry.properties.id.pattern).toBe('^vpc-[0-9a-f]{8}([0-9a-f]{9})?$');
  });
});
