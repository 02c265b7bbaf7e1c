/** The tables `npm run bench` prints: one block per scenario with its targets, and one table for growth. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatValue(value, unit = '') {
  if (typeof value !== 'number') return String(value);
  if (unit === '×') return `${value.toFixed(2)}×`;
  if (Number.isInteger(value) || unit !== '') return `${integer.format(value)}${unit}`;
  return value.toFixed(3);
}

const plural = (count, word) => `${integer.format(count)} ${word}${count === 1 ? '' : 's'}`;

function describeShape(shape) {
  if (shape.accounts !== undefined) {
    return `${plural(shape.accounts, 'account')} × ${plural(shape.regions, 'region')}, ${plural(shape.instances, 'instance')}`;
  }
  if (shape.policyEntries !== undefined) {
    return `${plural(shape.policyEntries, 'vpcs entry').replace('entrys', 'entries')}, ${integer.format(shape.policyBytes)} bytes`;
  }
  return [
    plural(shape.instances, 'instance'),
    plural(shape.interfaces, 'interface'),
    plural(shape.vpcs, 'VPC'),
    plural(shape.regions, 'region'),
    ...(shape.policyVpcs === undefined ? [] : [`the policy names ${plural(shape.policyVpcs, 'VPC')}`]),
  ].join(', ');
}

/** `alignments` has one letter per column: l (text) or r (figures). */
function table(rows, alignments) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const pad = (cell, column) =>
    alignments[column] === 'r' ? cell.padStart(widths[column]) : cell.padEnd(widths[column]);
  return rows.map((row) => `   ${row.map(pad).join('   ')}`.trimEnd());
}

const verdict = (check) => (check.target === '' ? '' : check.pass ? 'pass' : 'FAIL');

export function scenarioBlock(entry, outcome) {
  if (outcome.error !== undefined) {
    return [`${entry.title}: SCENARIO FAILED`, ...outcome.error.split('\n').map((line) => `   ${line}`)];
  }
  const rows = outcome.checks.map((check) => [
    check.label,
    formatValue(check.value, check.unit),
    check.target,
    verdict(check),
  ]);
  return [`${entry.title} (${describeShape(outcome.figures.shape)})`, ...table(rows, 'lrll')];
}

export function growthTable(entries, outcomes) {
  const header = [
    'interfaces',
    'regions',
    'API calls',
    'calls/1k',
    'wall ms',
    'ms/1k',
    'CPU ms',
    'peak RSS MB',
    'RSS before MB',
    'held MB',
    'targets',
  ];
  const rows = entries.map((entry) => {
    const outcome = outcomes.get(entry.id);
    if (outcome?.figures === undefined) return [entry.id, ...Array(header.length - 2).fill(''), 'SCENARIO FAILED'];
    const f = outcome.figures;
    const perThousand = (value) => (value / f.shape.interfaces) * 1000;
    const targets = outcome.checks
      .filter((check) => check.target !== '')
      .map((check) => `${check.label.split(',')[0]} ${check.target}: ${verdict(check)}`)
      .join('; ');
    return [
      integer.format(f.shape.interfaces),
      String(f.shape.regions),
      integer.format(f.calls),
      perThousand(f.calls).toFixed(1),
      integer.format(f.wallMs),
      perThousand(f.wallMs).toFixed(1),
      integer.format(f.cpuMs),
      integer.format(f.peakRssMb),
      integer.format(f.setupRssMb),
      integer.format(f.heapHeldMb),
      targets,
    ];
  });
  return ['3. growth: plan with nothing to change, by account size', ...table([header, ...rows], 'rrrrrrrrrrl')];
}
