/**
 * Instance-type facts (bare metal, hypervisor) for the types a region's instances use, read as pages of
 * instances name new types: one DescribeInstanceTypes per 100 new names, started at once.
 *
 * The facts are AWS's, not the account's: a run over several accounts shares one `SharedInstanceTypes`, so
 * each type is read once per region for the whole run (a region name belongs to one partition, so the region
 * is the key), and an account that meets a type another account is reading waits for that read rather than
 * making its own. If that read fails (its account's discovery failed and aborted it), the waiting account
 * reads the type itself: one account's failure never becomes another's.
 */
import { paginateDescribeInstanceTypes, type _InstanceType, type EC2Client } from '@aws-sdk/client-ec2';
import type { ObservedInstance, ObservedInstanceType } from '../../core/types/observed.js';
import { compare } from './fields.js';
import { chunked, MAX_INSTANCE_TYPES_PAGE, MAX_NAMED_INSTANCE_TYPES } from './filtered-reads.js';
import { toInstanceType } from './map-compute.js';
import { readAllPages, started, type ReadScope } from './pages.js';

/** One read of some types: the facts AWS gave, by type (a type it did not describe is absent). */
type FactsRead = Promise<ReadonlyMap<string, ObservedInstanceType>>;

/** Facts read during one run, by region then type, shared by the discoveries of every account of the run. */
export class SharedInstanceTypes {
  readonly #reads = new Map<string, Map<string, FactsRead>>();

  /** The read that has, or will have, this type's facts in this region. */
  get(region: string, type: string): FactsRead | undefined {
    return this.#reads.get(region)?.get(type);
  }

  /** Records `read` as the one for `types`; forgotten if it fails, so a later account reads them again. */
  remember(region: string, types: readonly string[], read: FactsRead): void {
    let byType = this.#reads.get(region);
    if (byType === undefined) this.#reads.set(region, (byType = new Map()));
    for (const type of types) byType.set(type, read);
    read.catch(() => {
      for (const type of types) if (byType.get(type) === read) byType.delete(type);
    });
  }
}

/** The facts for the types one region's instances use, read (or waited for) as instances are read. */
export class InstanceTypeReads {
  readonly #seen = new Set<string>();
  readonly #parts: Promise<(ObservedInstanceType | undefined)[]>[] = [];

  constructor(
    private readonly client: EC2Client,
    private readonly scope: ReadScope,
    private readonly shared?: SharedInstanceTypes,
  ) {}

  add(instances: readonly ObservedInstance[]): void {
    const fresh = [...new Set(instances.map((instance) => instance.type))].filter((type) => !this.#seen.has(type));
    for (const type of fresh) this.#seen.add(type);
    const toRead: string[] = [];
    const waiting = new Map<FactsRead, string[]>();
    for (const type of fresh) {
      const read = this.shared?.get(this.scope.region, type);
      if (read === undefined) toRead.push(type);
      else waiting.set(read, [...(waiting.get(read) ?? []), type]);
    }
    for (const chunk of chunked(toRead, MAX_NAMED_INSTANCE_TYPES)) this.#parts.push(this.#read(chunk));
    for (const [read, types] of waiting) {
      // Another account's read: if it fails, this discovery reads the same types itself.
      this.#parts.push(started(read.then((facts) => types.map((type) => facts.get(type)), () => this.#read(types))));
    }
  }

  async all(): Promise<ObservedInstanceType[]> {
    const facts = (await Promise.all(this.#parts)).flat().filter((item): item is ObservedInstanceType => item !== undefined);
    return facts.sort((a, b) => compare(a.type, b.type));
  }

  #read(types: readonly string[]): Promise<(ObservedInstanceType | undefined)[]> {
    const read: FactsRead = started(
      readAllPages(
        this.scope,
        'DescribeInstanceTypes',
        (send) =>
          paginateDescribeInstanceTypes(
            { client: this.client, pageSize: MAX_INSTANCE_TYPES_PAGE },
            // Facts are wanted even for a type the region no longer offers: an old instance may still run it.
            { InstanceTypes: types as _InstanceType[], IncludeUnsupportedInRegion: true },
            send,
          ),
        (page) => (page.InstanceTypes ?? []).map(toInstanceType),
      ).then((facts) => new Map(facts.map((item) => [item.type, item]))),
    );
    this.shared?.remember(this.scope.region, types, read);
    return started(read.then((facts) => types.map((type) => facts.get(type))));
  }
}
