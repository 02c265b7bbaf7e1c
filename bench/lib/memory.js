/** Memory figures of the scenario process (each scenario runs in its own, so the peak is its own). */

const MB = 1024 * 1024;

/** The kernel's high-water mark of resident memory for this process, in MB (maxRSS is in KB). */
export const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/** Resident memory after a full collection, in MB: what the generated account and the simulator hold. */
export function settledRssMb() {
  collectGarbage();
  return process.memoryUsage().rss / MB;
}

/** Live JavaScript heap after a full collection, in MB: what the objects still referenced take. */
export function liveHeapMb() {
  collectGarbage();
  return process.memoryUsage().heapUsed / MB;
}

/** A full collection, so garbage of one phase is not charged to the next. Needs node --expose-gc. */
export function collectGarbage() {
  if (typeof globalThis.gc !== 'function') throw new Error('run scenarios with node --expose-gc');
  globalThis.gc();
}
