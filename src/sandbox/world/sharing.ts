/**
 * Traffic mirror targets shared through AWS RAM between accounts of one sandbox file. A recipient sees the
 * shared target (with its owner's id) and may send its sessions to it; the owner sees those sessions (with
 * the recipient's id) and may change neither. The records are the same objects in both accounts, linked
 * into the other's region, never written back there.
 */
import type { Simulator } from '../sim/simulator.js';

export class Sharing {
  readonly #accounts: ReadonlyMap<string, Simulator>;

  constructor(accounts: ReadonlyMap<string, Simulator>) {
    this.#accounts = accounts;
  }

  /** Shows every shared target to its recipients, then every recipient's sessions on them to their owners. */
  linkAll(): void {
    for (const simulator of this.#accounts.values()) {
      for (const name of simulator.regionNames()) {
        for (const target of simulator.region(name).targets.values()) {
          if (target.ownerId !== simulator.accountId) continue;
          for (const recipient of target.sharedWith) this.#accounts.get(recipient)?.region(name).linkTarget(target);
        }
      }
    }
    for (const simulator of this.#accounts.values()) {
      for (const name of simulator.regionNames()) this.syncSessions(simulator.accountId, name);
    }
  }

  /**
   * After `accountId` changed something in `regionName`: its sessions on targets other accounts of the file
   * share with it are shown to those owners, exactly as they now are (created, re-pointed or gone).
   */
  syncSessions(accountId: string, regionName: string): void {
    const simulator = this.#accounts.get(accountId);
    if (simulator === undefined || !simulator.hasRegion(regionName)) return;
    const region = simulator.region(regionName);
    for (const owner of this.#accounts.values()) {
      if (owner.accountId === accountId || !owner.hasRegion(regionName)) continue;
      const ownerRegion = owner.region(regionName);
      for (const id of ownerRegion.linkedSessionsOf(accountId)) ownerRegion.unlinkSession(id);
    }
    for (const target of region.targets.values()) {
      if (target.ownerId === accountId || !region.isLinked(target.id)) continue;
      const owner = this.#accounts.get(target.ownerId);
      if (owner === undefined) continue;
      const ownerRegion = owner.region(regionName);
      for (const session of region.sessionsUsingTarget(target.id)) ownerRegion.linkSession(session);
    }
  }
}
