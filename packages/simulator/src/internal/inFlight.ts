/**
 * Calls in flight per account, by the time each ends. Ended calls are dropped as they are seen, so a long run with
 * many calls stays cheap.
 *
 * @internal
 */
export class InFlight {
  private readonly ends = new Map<string, Array<number>>()

  /** The end times of the account's calls still in flight at `now`. */
  active(account: string, now: number): ReadonlyArray<number> {
    const live = (this.ends.get(account) ?? []).filter((end) => end > now)
    this.ends.set(account, live)
    return live
  }

  add(account: string, endsAt: number): void {
    const list = this.ends.get(account)
    if (list === undefined) this.ends.set(account, [endsAt])
    else list.push(endsAt)
  }
}
