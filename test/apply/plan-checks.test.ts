import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import { isUserError } from '../../src/core/errors.js';
import { virtualSandbox } from './helpers/sandbox.js';
import { account, actionId, create, filter, instance, nlbTarget, plan } from './helpers/world.js';

describe('applyPlan plan checks', () => {
  it('refuses a plan whose dependencies loop, before calling AWS', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account([instance(1)]));
    const looping = plan([
      create('target/a', nlbTarget('target/a'), [actionId('filter/b')]),
      create('filter/b', filter('filter/b'), [actionId('target/a')]),
    ]);

    const applying = applyPlan(looping, clients, { planId: 'p', ...clock });

    await expect(applying).rejects.toSatisfy(isUserError);
    await expect(applying).rejects.toThrow(/cycle/);
    expect(sandbox.calls.total()).toBe(0);
  });

  it('refuses a plan that depends on an action it does not contain', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account([instance(1)]));
    const dangling = plan([create('target/a', nlbTarget('target/a'), ['eu-west-1/filter/missing'])]);

    const applying = applyPlan(dangling, clients, { planId: 'p', ...clock });

    await expect(applying).rejects.toSatisfy(isUserError);
    await expect(applying).rejects.toThrow('eu-west-1/filter/missing');
    expect(sandbox.calls.total()).toBe(0);
  });
});
