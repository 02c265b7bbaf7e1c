/** Legal but probably unintended policies: reported as warnings, never block. */
import type { Diagnostic } from './diagnostic.js';
import type { SourceLocator } from './locate.js';
import { arrayAt, isRecord, recordAt } from './report.js';
import { quote } from './quote.js';

export function policyWarnings(policy: unknown, locator: SourceLocator, file: string): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  for (const [name, filter] of Object.entries(recordAt(policy, 'filters') ?? {})) {
    if (!isRecord(filter)) continue;
    const ingress = arrayAt(filter, 'ingress').length;
    const egress = arrayAt(filter, 'egress').length;
    const dns = arrayAt(filter, 'networkServices').includes('amazon-dns');
    const warn = (code: string, message: string, hint: string) => {
      const range = locator.locate(['filters', name], 'key');
      warnings.push({ severity: 'warning', code, message, hint, file, ...(range === undefined ? {} : { range }) });
    };
    if (ingress + egress === 0) {
      warn(
        'filter-without-rules',
        dns
          ? `filter ${quote(name)} has no rules: only Amazon DNS traffic is mirrored`
          : `filter ${quote(name)} has no rules: AWS mirrors nothing through it`,
        'add ingress and egress rules, e.g. accept 0.0.0.0/0 to 0.0.0.0/0',
      );
    } else if (egress === 0) {
      warn(
        'filter-without-egress',
        `filter ${quote(name)} has no egress rules: outbound traffic is not mirrored`,
        'add egress rules if you want outbound traffic too',
      );
    } else if (ingress === 0) {
      warn(
        'filter-without-ingress',
        `filter ${quote(name)} has no ingress rules: inbound traffic is not mirrored`,
        'add ingress rules if you want inbound traffic too',
      );
    }
  }
  return warnings;
}
