/** `mirrorctl validate` on a policy with thousands of `vpcs` entries: in-process parse + check, and the real CLI. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicyFromString } from '../../dist/policy/load.js';

const BIN = fileURLToPath(new URL('../../bin/mirrorctl.js', import.meta.url));

function policyWithEntries(entries) {
  const lines = [
    'version: 1',
    'name: large',
    'regions: [us-east-1]',
    'targets:',
    '  sensor-nlb: { networkLoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/sensors/0123456789abcdef }',
    'filters:',
    '  all-traffic:',
    '    ingress: [{ number: 100, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }]',
    '    egress: [{ number: 100, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }]',
    'vpcs:',
  ];
  for (let index = 0; index < entries; index += 1) {
    lines.push(`  - { id: vpc-${index.toString(16).padStart(17, '0')}, target: sensor-nlb, filter: all-traffic }`);
  }
  return `${lines.join('\n')}\n`;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** @param {{ entries: number, repeats: number }} params */
export async function run(params) {
  const text = policyWithEntries(params.entries);
  const time = () => {
    const start = performance.now();
    const result = loadPolicyFromString(text, 'large.yaml');
    const ms = performance.now() - start;
    if (result.policy?.vpcs.length !== params.entries) throw new Error('the generated policy did not validate');
    return ms;
  };
  const coldMs = time();
  const warmMs = median(Array.from({ length: params.repeats }, time));

  const file = join(mkdtempSync(join(tmpdir(), 'mirrorctl-bench-')), 'large.yaml');
  writeFileSync(file, text);
  const cli = Array.from({ length: params.repeats }, () => {
    const start = performance.now();
    const run = spawnSync(process.execPath, [BIN, 'validate', '-c', file], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`mirrorctl validate exited ${run.status}: ${run.stderr}`);
    return performance.now() - start;
  });
  return {
    shape: { policyEntries: params.entries, policyBytes: Buffer.byteLength(text) },
    coldMs: Math.round(coldMs),
    warmMs: Math.round(warmMs),
    cliMs: Math.round(median(cli)),
  };
}
