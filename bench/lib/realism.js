/** The simulator's realism knobs for the apply scenarios, and the executor bucket that matches them. */

// EC2's default mutating bucket: 50 calls at once, refilled at 5 per second (AWS reference, §6.1).
const EC2_MUTATING_BURST = 50;
const EC2_MUTATING_RATE = 5;
// EC2's non-mutating bucket, which the Describe confirming each create draws from: 100 at once, 20 per second.
const EC2_READ_BURST = 100;
const EC2_READ_RATE = 20;

/** The executor is given exactly the buckets the simulator enforces, scaled alike. */
export const bucketOf = (params) => ({
  burst: EC2_MUTATING_BURST * params.throttleFactor,
  rate: EC2_MUTATING_RATE * params.throttleFactor,
  readBurst: EC2_READ_BURST * params.throttleFactor,
  readRate: EC2_READ_RATE * params.throttleFactor,
});

export function sandboxOptions(params) {
  return {
    throttle: { factor: params.throttleFactor },
    latencyMs: params.latencyMs,
    ...(params.faults === undefined ? {} : { faults: params.faults }),
    ...(params.consistencyDelayMs === undefined ? {} : { consistencyDelayMs: params.consistencyDelayMs }),
  };
}
