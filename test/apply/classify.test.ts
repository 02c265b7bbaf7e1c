import { CreateTrafficMirrorFilterCommand, EC2ServiceException } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { classifyError, isThrottlingCode, readNotFound } from '../../src/aws/apply/classify.js';
import { createSandbox, type SimulatorOptions } from '../../src/sandbox/index.js';
import { REGION, account } from './helpers/world.js';

/** What the SDK throws for one CreateTrafficMirrorFilter against a sandbox with these knobs. */
async function thrownBy(options: SimulatorOptions): Promise<unknown> {
  const ec2 = createSandbox(account([]), options).ec2(REGION, { maxAttempts: 1 });
  return ec2.send(new CreateTrafficMirrorFilterCommand({})).then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => error,
  );
}

const serviceError = (name: string, status: number, extra: object = {}): EC2ServiceException =>
  Object.assign(
    new EC2ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: name }),
    extra,
  );

describe('classifyError', () => {
  it('sorts what the sandbox answers the way the SDK would', async () => {
    expect(classifyError(await thrownBy({ throttle: { factor: 1e-6 } }))).toMatchObject({
      class: 'throttle',
      code: 'RequestLimitExceeded',
    });
    expect(classifyError(await thrownBy({ faults: { rate: 1, seed: 1 } }))).toMatchObject({
      class: 'transient',
      code: 'InternalError',
    });
  });

  it("uses the SDK's throttling and transient rules, not a list of its own", () => {
    // Codes and signals the SDK retries that a hand-kept list missed.
    expect(classifyError(serviceError('SlowDown', 400)).class).toBe('throttle');
    expect(classifyError(serviceError('TransactionInProgressException', 400)).class).toBe('throttle');
    expect(classifyError(serviceError('Custom', 400, { $retryable: { throttling: true } })).class).toBe('throttle');
    expect(classifyError(serviceError('Custom', 400, { $retryable: {} })).class).toBe('transient');
    expect(classifyError(serviceError('BadGateway', 502)).class).toBe('transient');
    const wrapped = Object.assign(new Error('socket hang up'), { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) });
    expect(classifyError(wrapped).class).toBe('transient');
    expect(isThrottlingCode('SlowDown')).toBe(true);
  });

  it('sorts refused credentials as auth, before any retry rule, unless the SDK has just corrected its clock', async () => {
    expect(classifyError(await thrownBy({ expireCredentialsAfterWrites: 0 }))).toMatchObject({ class: 'auth', code: 'ExpiredToken' });
    for (const code of ['AuthFailure', 'InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch']) {
      expect(classifyError(serviceError(code, 400)).class).toBe('auth');
    }
    // A 5xx status would make it transient; the credentials are still refused.
    expect(classifyError(serviceError('ExpiredTokenException', 500)).class).toBe('auth');
    const skewed = serviceError('RequestExpired', 400, { $metadata: { httpStatusCode: 400, clockSkewCorrected: true } });
    expect(classifyError(skewed).class).toBe('transient');
    expect(classifyError(serviceError('RequestExpired', 400)).class).toBe('auth');
    expect(classifyError(serviceError('UnauthorizedOperation', 403)).class).toBe('fatal');
  });

  it("keeps mirrorctl's own classes and names network failures by their system code", () => {
    expect(classifyError(serviceError('InvalidTrafficMirrorFilterId.NotFound', 400)).class).toBe('not-found');
    expect(classifyError(serviceError('IdempotentParameterMismatch', 400)).class).toBe('idempotency');
    expect(classifyError(serviceError('NetworkInterfaceNotSupported', 400)).class).toBe('fatal');
    expect(classifyError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({
      class: 'transient',
      code: 'ECONNREFUSED',
    });
    expect(classifyError('not an error')).toMatchObject({ class: 'fatal', code: 'Error' });
  });
});

describe('readNotFound', () => {
  const created = new Set(['tmf-0123456789abcdef0']);
  const createdHere = (id: string): boolean => created.has(id);
  const notFound = (code: string, message: string) => classifyError(serviceError(code, 400, { message }));
  const references = ['eni-00000001', 'tmt-00000001', 'tmf-0123456789abcdef0'];

  it('goes by the id AWS names: new means propagating, older means gone', () => {
    const newFilter = notFound('InvalidTrafficMirrorFilterId.NotFound', "The traffic mirror filter ID 'tmf-0123456789abcdef0' does not exist");
    expect(readNotFound(newFilter, references, createdHere)).toEqual({ verdict: 'propagating' });
    const oldEni = notFound('InvalidNetworkInterfaceID.NotFound', "The networkInterface ID 'eni-00000001' does not exist");
    expect(readNotFound(oldEni, references, createdHere)).toEqual({
      verdict: 'gone',
      id: 'eni-00000001',
      goneCode: 'InterfaceGone',
      noun: 'network interface',
    });
  });

  it("falls back to the code's resource kind when the message names no id", () => {
    const target = notFound('InvalidTrafficMirrorTargetId.NotFound', 'not found');
    expect(readNotFound(target, references, createdHere)).toMatchObject({ verdict: 'gone', id: 'tmt-00000001', goneCode: 'TargetGone' });
    const filter = notFound('InvalidTrafficMirrorFilterId.NotFound', 'not found');
    expect(readNotFound(filter, references, createdHere)).toEqual({ verdict: 'propagating' });
    // Neither id nor known kind: any new id among the references may be the one still propagating.
    expect(readNotFound(notFound('InvalidID.NotFound', 'gone'), references, createdHere)).toEqual({ verdict: 'propagating' });
    expect(readNotFound(notFound('InvalidID.NotFound', 'gone'), ['eni-00000001'], createdHere)).toMatchObject({
      verdict: 'gone',
      goneCode: undefined,
    });
  });
});
