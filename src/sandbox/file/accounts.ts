/**
 * The accounts of a sandbox file: its own (where the credentials start) and `accounts`, each with the path
 * its problems are reported at, and the checks that relate them: unique ids, an organization whose units
 * and administrators are accounts of the file, targets shared only with accounts of the file.
 */
import type { ReferenceIssue } from './references.js';
import type { SandboxAccountFields, SandboxFile } from './types.js';

export interface LocatedAccount {
  readonly account: SandboxAccountFields;
  /** Where the account's keys are in the file: [] for the file's own account, ['accounts', i] for the others. */
  readonly path: readonly (string | number)[];
}

export function fileAccounts(file: SandboxFile): LocatedAccount[] {
  return [{ account: file, path: [] }, ...(file.accounts ?? []).map((account, index) => ({ account, path: ['accounts', index] }))];
}

export function checkAccounts(file: SandboxFile): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const accounts = fileAccounts(file);
  const known = new Set<string>();
  for (const { account, path } of accounts) {
    if (known.has(account.accountId)) issues.push({ message: `account ${account.accountId} is in the file twice`, path: [...path, 'accountId'] });
    known.add(account.accountId);
  }
  const requireAccount = (id: string, what: string, path: (string | number)[]) => {
    if (!known.has(id)) issues.push({ message: `${what} ${id} is not an account of this file`, path });
  };
  const organization = file.organization;
  if (organization !== undefined) {
    requireAccount(organization.managementAccountId, 'the management account', ['organization', 'managementAccountId']);
    (organization.delegatedAdministrators ?? []).forEach((id, index) =>
      requireAccount(id, 'the delegated administrator', ['organization', 'delegatedAdministrators', index]),
    );
    checkUnits(file, requireAccount, issues);
  }
  for (const { account, path } of accounts) {
    for (const [name, region] of Object.entries(account.regions)) {
      (region.trafficMirrorTargets ?? []).forEach((target, index) => {
        (target.sharedWith ?? []).forEach((id, position) => {
          const at = [...path, 'regions', name, 'trafficMirrorTargets', index, 'sharedWith', position];
          requireAccount(id, 'the account', at);
          if (id === (target.ownerId ?? account.accountId)) issues.push({ message: 'a target is not shared with its own account', path: at });
        });
      });
    }
  }
  return issues;
}

function checkUnits(
  file: SandboxFile,
  requireAccount: (id: string, what: string, path: (string | number)[]) => void,
  issues: ReferenceIssue[],
): void {
  const units = file.organization?.organizationalUnits ?? [];
  const unitIds = new Set<string>();
  const placed = new Set<string>();
  units.forEach((unit, index) => {
    const at = ['organization', 'organizationalUnits', index];
    if (unitIds.has(unit.id)) issues.push({ message: `organizational unit ${unit.id} is listed twice`, path: [...at, 'id'] });
    unitIds.add(unit.id);
    (unit.accounts ?? []).forEach((id, position) => {
      requireAccount(id, 'the account', [...at, 'accounts', position]);
      if (placed.has(id)) issues.push({ message: `account ${id} is in two organizational units`, path: [...at, 'accounts', position] });
      placed.add(id);
    });
  });
  units.forEach((unit, index) => {
    const parent = unit.parentId;
    if (parent === undefined || parent.startsWith('r-')) return;
    if (!unitIds.has(parent)) {
      issues.push({ message: `organizational unit ${parent} is not in the file`, path: ['organization', 'organizationalUnits', index, 'parentId'] });
    }
  });
}
