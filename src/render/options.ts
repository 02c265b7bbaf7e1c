export interface RenderOptions {
  readonly color: boolean;
  /** List every skipped interface, every resource block and every unchanged attribute. */
  readonly verbose: boolean;
  /** Above this many actions of the same (action, type), print grouped summaries instead. Default 50. */
  readonly maxBlocks?: number;
}

export const DEFAULT_MAX_BLOCKS = 50;
