/** Maps a path into the policy (as zod reports it) back to a line:column range in the YAML source. */
import { isAlias, isCollection, isMap, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Position, Range } from './diagnostic.js';
import type { Path } from './report.js';

export class SourceLocator {
  readonly #doc: Document;
  readonly #lineCounter: LineCounter;
  /** Key lookups by map, built on first use: large policies may have thousands of located issues. */
  readonly #pairsByMap = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(doc: Document, lineCounter: LineCounter) {
    this.#doc = doc;
    this.#lineCounter = lineCounter;
  }

  position(offset: number): Position {
    const { line, col } = this.#lineCounter.linePos(offset);
    return { line: Math.max(line, 1), column: col, offset };
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /**
   * The node at `path`, or its nearest existing ancestor when the path ends at a missing key. Collections
   * reached through a mapping key are located at that key: "targets.sensor-nlb" points at `sensor-nlb:`.
   */
  locate(path: Path, at?: 'key'): Range | undefined {
    let node: unknown = this.#doc.contents;
    let viaPair: Pair | undefined;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(this.#doc);
      let next: unknown;
      let nextPair: Pair | undefined;
      if (isMap(node)) {
        nextPair = this.#pairs(node).get(String(segment));
        next = nextPair?.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
      }
      if (nextPair === undefined && next === undefined) break;
      node = next;
      viaPair = nextPair;
    }
    const keyNode = viaPair?.key as Node | undefined;
    const valueRange = (node as Node | undefined)?.range;
    const emptyValue = valueRange === undefined || valueRange === null || valueRange[0] === valueRange[1];
    const preferKey = at === 'key' || isCollection(node) || emptyValue;
    const range = preferKey && keyNode?.range ? keyNode.range : valueRange;
    return range ? this.rangeOf(range[0], range[1]) : undefined;
  }

  #pairs(map: YAMLMap): Map<string, Pair> {
    let pairs = this.#pairsByMap.get(map);
    if (pairs === undefined) {
      pairs = new Map();
      // Later duplicates win, as in the parsed value.
      for (const pair of map.items) pairs.set(String((pair.key as { value?: unknown } | null)?.value ?? pair.key), pair);
      this.#pairsByMap.set(map, pairs);
    }
    return pairs;
  }
}
