/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same sequence, so a run of the
 * simulator can be replayed. Not for anything secret.
 *
 * @internal
 */
export class Prng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min))
  }

  /** `length` lowercase hex digits. */
  hex(length: number): string {
    let out = ""
    while (out.length < length) out += Math.floor(this.next() * 16).toString(16)
    return out
  }

  /** A version-4-shaped UUID. */
  uuid(): string {
    const h = this.hex(32)
    const variant = "89ab"[this.int(0, 4)]!
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
  }
}

/**
 * Derives an independent seed for a second stream (ids, say) from the main one, so drawing ids never shifts the
 * sequence that decides faults.
 *
 * @internal
 */
export const deriveSeed = (seed: number, stream: number): number => {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}
