/**
 * The pacer of the `ideal` client: it knows the limit in advance (requests per window, and whether the windows are
 * fixed on the clock or opened by the first request after the last one ended), so it never needs a 429 to learn it.
 * It is the practical ceiling of the rate-limit workloads: what any client could do at best.
 */
import { setTimeout as sleep } from "node:timers/promises"
import type { KnownLimit } from "./workloads.js"

/**
 * No request goes out in a window's last few milliseconds: it could reach the server after the window ended and
 * count in the next one (or, with windows opened by a first request, open one early).
 */
const tailMillis = 5

/** The latest `phase + k × window` at or before `now`. */
const alignedStart = (now: number, windowMillis: number, phaseMillis: number) =>
  now - ((((now - phaseMillis) % windowMillis) + windowMillis) % windowMillis)

interface Window {
  /** When its first request was sent, or the clock's window start. */
  readonly start: number
  used: number
  /**
   * When the server's window is over for sure. A window opened by a first request began when that request arrived:
   * after it was sent (7 to 25 ms after, in a burst of 16 on this machine), before its answer came back; so it is
   * over one window length after that answer.
   */
  end: number | undefined
  readonly endKnown: Promise<void>
  readonly markEnd: (end: number) => void
}

const openWindow = (start: number, end: number | undefined): Window => {
  let resolve: () => void = () => {}
  const endKnown = new Promise<void>((done) => {
    resolve = done
  })
  const window: Window = {
    start,
    used: 0,
    end,
    endKnown,
    markEnd: (at) => {
      window.end ??= at
      resolve()
    }
  }
  if (end !== undefined) resolve()
  return window
}

/** Called when the answer to a request sent on a ticket came back (headers or a failure). */
export type Answered = () => void

const nothing: Answered = () => {}

/** Hands out at most `limit` sends per window, waiting for the next window when this one is spent. */
export class IdealPacer {
  private window: Window | undefined

  constructor(private readonly known: KnownLimit | undefined) {}

  /** Resolves when one more request may be sent; call what it gives when the request's answer comes back. */
  async take(): Promise<Answered> {
    const known = this.known
    if (known === undefined) return nothing
    for (;;) {
      const now = Date.now()
      let window = this.window
      if (window === undefined || (window.end !== undefined && now >= window.end)) {
        window =
          known.phaseMillis === undefined
            ? openWindow(now, undefined)
            : ((start) => openWindow(start, start + known.windowMillis))(
                alignedStart(now, known.windowMillis, known.phaseMillis)
              )
        this.window = window
      }
      if (window.used < known.limit && now < window.start + known.windowMillis - tailMillis) {
        window.used += 1
        if (window.used > 1 || known.phaseMillis !== undefined) return nothing
        const opened = window
        return () => opened.markEnd(Date.now() + known.windowMillis)
      }
      if (window.end === undefined) await window.endKnown
      else await sleep(Math.max(1, window.end - now))
    }
  }

  /** Marks this window spent: after a 429, which would mean the pacer's idea of the window is off. */
  spend(): void {
    if (this.known !== undefined && this.window !== undefined) this.window.used = this.known.limit
  }
}
