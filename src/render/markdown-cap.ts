/**
 * Keeps a markdown report under GitHub's comment limit by cutting table rows, never the head (title and
 * summary) or the tail (cost), and says what it cut. Sections are filled in priority order, so a long list
 * of changes cannot push the warnings out.
 */
import { countOf, formatCount } from './numbers.js';

/** GitHub rejects issue and pull-request comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface CuttableSection {
  /** What the rows are, for the notice: "sessions to create", "warnings". */
  readonly label: string;
  readonly head: string;
  readonly rows: readonly string[];
  readonly tail: string;
  /** Lower is kept first. */
  readonly priority: number;
}

// Room for the notice itself; it lists at most NOTICE_ENTRIES sections, each with a short label.
const NOTICE_RESERVE = 1_000;
const NOTICE_ENTRIES = 5;

function render(section: CuttableSection, rows: number): string {
  return rows === 0 ? '' : section.head + section.rows.slice(0, rows).join('') + section.tail;
}

function keptRows(sections: readonly CuttableSection[], budget: number): number[] {
  const kept = sections.map(() => 0);
  let left = budget;
  const byPriority = sections
    .map((section, index) => ({ section, index }))
    .sort((a, b) => a.section.priority - b.section.priority || a.index - b.index);
  for (const { section, index } of byPriority) {
    const frame = section.head.length + section.tail.length;
    const first = section.rows[0];
    if (first === undefined || frame + first.length > left) continue;
    left -= frame;
    let rows = 0;
    for (const row of section.rows) {
      if (row.length > left) break;
      left -= row.length;
      rows += 1;
    }
    kept[index] = rows;
  }
  return kept;
}

function notice(sections: readonly CuttableSection[], kept: readonly number[], limit: number): string {
  const cuts = sections
    .map((section, index) => ({ section, cut: section.rows.length - (kept[index] ?? 0) }))
    .filter(({ cut }) => cut > 0);
  const total = cuts.reduce((sum, { cut }) => sum + cut, 0);
  const listed = cuts
    .slice(0, NOTICE_ENTRIES)
    .map(({ section, cut }) => `${formatCount(cut)} of ${formatCount(section.rows.length)} ${section.label}`);
  if (cuts.length > NOTICE_ENTRIES) listed.push(countOf(cuts.length - NOTICE_ENTRIES, 'more section', 'more sections'));
  return (
    `> [!NOTE]\n> ${limit === GITHUB_COMMENT_LIMIT ? `This comment was cut to fit GitHub's ${formatCount(limit)}-character limit` : `This part was cut to its ${formatCount(limit)} characters of the comment`}: ` +
    `${countOf(total, 'row', 'rows')} left out (${listed.join('; ')}). ` +
    'Run `mirrorctl plan` for the full plan, or `mirrorctl plan --format json` for every action.\n\n'
  );
}

/** `head`, the sections in their given order, then `tail`; rows cut only when the whole exceeds `limit`. */
export function fitToLimit(head: string, sections: readonly CuttableSection[], tail: string, limit: number): string {
  const full = head + sections.map((section) => render(section, section.rows.length)).join('') + tail;
  if (full.length <= limit) return full;
  const kept = keptRows(sections, limit - head.length - tail.length - NOTICE_RESERVE);
  const body = sections.map((section, index) => render(section, kept[index] ?? 0)).join('');
  return head + notice(sections, kept, limit) + body + tail;
}
