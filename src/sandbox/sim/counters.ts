/** Counts every call that reached the simulator, including throttled, faulted and rejected ones. */
export interface CallCounters {
  readonly byAction: Readonly<Record<string, number>>;
  readonly throttled: number;
  readonly faults: number;
  /** Calls answered ExpiredToken (the `expireCredentialsAfterWrites` knob). */
  readonly expired: number;
  total(): number;
  mutating(): number;
  reset(): void;
}

export class Counters implements CallCounters {
  byAction: Record<string, number> = {};
  throttled = 0;
  faults = 0;
  expired = 0;
  private mutatingCalls = 0;

  record(action: string, mutating: boolean): void {
    this.byAction[action] = (this.byAction[action] ?? 0) + 1;
    if (mutating) this.mutatingCalls += 1;
  }

  total(): number {
    return Object.values(this.byAction).reduce((sum, count) => sum + count, 0);
  }

  mutating(): number {
    return this.mutatingCalls;
  }

  reset(): void {
    this.byAction = {};
    this.throttled = 0;
    this.faults = 0;
    this.expired = 0;
    this.mutatingCalls = 0;
  }
}
