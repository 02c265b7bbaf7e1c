/**
 * Every account of a sandbox file, and who may reach which. A call is routed by the access key it was
 * signed with: the file's static credentials are the file's own caller; keys STS AssumeRole issued are the
 * role's session in its account, until they expire. So a role assumed into one account never sees another
 * account's resources, except targets shared with it through RAM (sharing.ts).
 */
import { randomBytes } from 'node:crypto';
import type { SandboxFile } from '../file/types.js';
import type { SimulatedCaller } from '../identity/caller.js';
import { expiredToken } from '../sim/errors.js';
import { hashHex } from '../sim/ids.js';
import { Simulator, type Service, type SimulatorOptions } from '../sim/simulator.js';
import { assumeRoleAction, type IssuedCredentials, type RoleDirectory } from './assume-role.js';
import { organizationsActions, type OrganizationDirectory, type OrganizationMember } from './organizations.js';
import { Sharing } from './sharing.js';

interface Session {
  readonly principal: SimulatedCaller;
  readonly expiresAt: number;
}

/** What the wiring asks of the sandbox for each call it intercepts. */
export interface CallRouter {
  call(
    service: Service,
    region: string,
    action: string,
    input: Readonly<Record<string, unknown>>,
    sdkClientToken: string | undefined,
    accessKeyId: string | undefined,
  ): Promise<object>;
  nextRequestId(): string;
}

export class World implements CallRouter, RoleDirectory, OrganizationDirectory {
  /** The file's own account: where the credentials start. */
  readonly home: Simulator;
  readonly accounts: ReadonlyMap<string, Simulator>;
  readonly organization: SandboxFile['organization'];
  readonly #sessions = new Map<string, Session>();
  readonly #now: () => number;
  readonly #sharing: Sharing;
  #requests = 0;
  #issued = 0;

  constructor(file: SandboxFile, options: SimulatorOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.organization = file.organization;
    const extra = { sts: { AssumeRole: assumeRoleAction(this) }, organizations: organizationsActions(this) };
    const accounts = new Map<string, Simulator>();
    this.home = new Simulator(file, options, extra);
    accounts.set(this.home.accountId, this.home);
    for (const member of file.accounts ?? []) accounts.set(member.accountId, new Simulator(member, options, extra));
    this.accounts = accounts;
    this.#sharing = new Sharing(accounts);
    this.#sharing.linkAll();
  }

  async call(
    service: Service,
    region: string,
    action: string,
    input: Readonly<Record<string, unknown>>,
    sdkClientToken: string | undefined,
    accessKeyId: string | undefined,
  ): Promise<object> {
    const principal = this.#principal(accessKeyId);
    const simulator = this.accounts.get(principal.accountId) ?? this.home;
    const output = await simulator.call(service, region, action, input, { sdkClientToken, caller: principal });
    if (service === 'ec2' && this.accounts.size > 1 && !action.startsWith('Describe')) this.changed(simulator.accountId, region);
    return output;
  }

  /** After a change in an account's region that may touch shared targets (a call, or the world changing). */
  changed(accountId: string, region: string): void {
    this.#sharing.syncSessions(accountId, region);
  }

  /** A request id that is stable across identical runs. */
  nextRequestId(): string {
    this.#requests += 1;
    const hex = hashHex(`request/${this.#requests}`, 32);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  account(accountId: string): { roles: Simulator['roles']; status: string; accountAlias: string | undefined } | undefined {
    const simulator = this.accounts.get(accountId);
    return simulator === undefined
      ? undefined
      : { roles: simulator.roles, status: simulator.status, accountAlias: simulator.caller.accountAlias };
  }

  issue(principal: SimulatedCaller, expiresAt: number): IssuedCredentials {
    this.#issued += 1;
    const accessKeyId = `ASIA${hashHex(`session/${principal.arn}/${this.#issued}`, 16).toUpperCase()}`;
    this.#sessions.set(accessKeyId, { principal, expiresAt });
    // The secret and token are never checked (nothing is signed): random, so nobody mistakes them for real.
    return { accessKeyId, secretAccessKey: randomBytes(30).toString('base64'), sessionToken: randomBytes(60).toString('base64') };
  }

  members(): readonly OrganizationMember[] {
    return [...this.accounts.values()]
      .map((simulator) => ({
        accountId: simulator.accountId,
        name: simulator.name ?? simulator.caller.accountAlias ?? `account-${simulator.accountId}`,
        status: simulator.status,
      }))
      .sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  }

  toFile(): SandboxFile {
    const own = this.home.toFile();
    const members = [...this.accounts.values()].filter((simulator) => simulator !== this.home).map((simulator) => simulator.toAccount());
    return {
      ...own,
      ...(this.organization === undefined ? {} : { organization: structuredClone(this.organization) }),
      ...(members.length === 0 ? {} : { accounts: members }),
    };
  }

  /**
   * Keys STS issued name their session; anything else is the file's own caller, whatever the client was built
   * with (a client wired to the sandbox may carry credentials from elsewhere).
   */
  #principal(accessKeyId: string | undefined): SimulatedCaller {
    const session = accessKeyId === undefined ? undefined : this.#sessions.get(accessKeyId);
    if (session === undefined) return this.home.caller;
    if (this.#now() >= session.expiresAt) {
      const simulator = this.accounts.get(session.principal.accountId);
      if (simulator !== undefined) simulator.counters.expired += 1;
      throw expiredToken();
    }
    return session.principal;
  }
}
