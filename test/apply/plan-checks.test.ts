import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import { isUserError } from '../../src/core/errors.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { virtualClock } from './helpers/clock.js';
import { account, actionId, create, filter, instance, nlbTarget, plan } from './helpers/world.js';

describe('applyPlan plan checks', () => {
  it('refuses a plan whose dependencies loop, before calling AWS', async () => {
    const sandbox = createSandbox(account([instance(1)]));
    const looping = plan([
      create('target/a', nlbTarget('target/a'), [actionId('filter/b')]),
      create('filter/b', filter('filter/b'), [actionId('target/a')]),
    ]);

    const applying = applyPlan(looping, { ec2: (r) => sandbox.ec2(r) }, { planId: 'p', ...virtualClock() });

    await expect(applying).rejects.toSatisfy(isUserError);
    await expect(applying).rejects.toThrow(/cycle/);
    expect(sandbox.calls.total()).toBe(0);
  });

  it('refuses a plan that depends on an action it does not contain', async () => {
    const sandbox = createSandbox(account([instance(1)]));
    const dangling = plan([create('target/a', nlbTarget('target/a'), ['eu-west-1/filter/missing'])]);

    const applying = applyPlan(dangling, { ec2: (r) => sandbox.ec2(r) }, { planId: 'p', ...virtualClock() });

    await expect(applying).rejects.toSatisfy(isUserError);
    await expect(applying).rejects.toThrow('eu-west-1/filter/missing');
    expect(sandbox.calls.total()).toBe(0);
  });
});
