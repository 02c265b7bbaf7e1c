/**
 * An error the simulated service answers with. The wiring turns it into the service's real error response
 * and lets the SDK's own protocol code raise it, so callers see exactly what AWS would make the SDK throw.
 */
export class SimulatedError extends Error {
  override readonly name = 'SimulatedError';
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export const invalidParameter = (message: string): SimulatedError =>
  new SimulatedError('InvalidParameterValue', message);

export const invalidCombination = (message: string): SimulatedError =>
  new SimulatedError('InvalidParameterCombination', message);

export const missingParameter = (name: string): SimulatedError =>
  new SimulatedError('MissingParameter', `The request must contain the parameter ${name}`);

const NOT_FOUND: Readonly<Record<string, { code: string; noun: string }>> = {
  vpc: { code: 'InvalidVpcID.NotFound', noun: 'vpc ID' },
  subnet: { code: 'InvalidSubnetID.NotFound', noun: 'subnet ID' },
  i: { code: 'InvalidInstanceID.NotFound', noun: 'instance ID' },
  eni: { code: 'InvalidNetworkInterfaceID.NotFound', noun: 'networkInterface ID' },
  tmt: { code: 'InvalidTrafficMirrorTargetId.NotFound', noun: 'traffic mirror target ID' },
  tmf: { code: 'InvalidTrafficMirrorFilterId.NotFound', noun: 'traffic mirror filter ID' },
  tmfr: { code: 'InvalidTrafficMirrorFilterRuleId.NotFound', noun: 'traffic mirror filter rule ID' },
  tms: { code: 'InvalidTrafficMirrorSessionId.NotFound', noun: 'traffic mirror session ID' },
};

/** The NotFound error AWS gives for an unknown id, chosen by the id's prefix. */
export function notFound(id: string): SimulatedError {
  const kind = NOT_FOUND[id.slice(0, id.indexOf('-'))];
  if (!kind) return new SimulatedError('InvalidID', `The ID '${id}' is not valid`);
  return new SimulatedError(kind.code, `The ${kind.noun} '${id}' does not exist`);
}

/** The SDK classifies throttling by this code, whatever the status (AWS's status for it is unverified). */
export const requestLimitExceeded = (): SimulatedError =>
  new SimulatedError('RequestLimitExceeded', 'Request limit exceeded.', 400);

export const internalError = (): SimulatedError =>
  new SimulatedError('InternalError', 'An internal error has occurred', 500);

/** What AWS answers a call the caller's IAM policies do not allow: EC2 has its own code, the query APIs share one. */
export const accessDenied = (service: string, callerArn: string, permission: string): SimulatedError =>
  new SimulatedError(
    service === 'ec2' ? 'UnauthorizedOperation' : 'AccessDenied',
    `User: ${callerArn} is not authorized to perform: ${permission} on resource: *`,
    403,
  );

/** What EC2 answers once temporary credentials (an STS session, SSO) have expired. */
export const expiredToken = (): SimulatedError =>
  new SimulatedError('ExpiredToken', 'The security token included in the request is expired', 400);
