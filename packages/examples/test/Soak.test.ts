import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Soak from "../src/soak/soak.js"

// `pnpm soak` for CI: the same run for 20 seconds. Long-lived clients under mixed traffic and faults must not lose a
// call, end one twice, let one die or create a duplicate, must leave nothing behind once closed, and must not grow
// their memory without bound. The memory rule is generous so that it cannot flake on a busy machine: after a forced
// GC, the heap and the buffers outside it at the end may be up to 50 MB above the middle's (they move by a few MB).
// It compares the two halves' growth, not totals: a linear leak adds as much after the middle as before it, so a
// leak of a fraction of a megabyte a call breaks it, where "end under twice the middle" never could.

describe("the soak", () => {
  it.live(
    "20 seconds of mixed traffic under faults: nothing lost, repeated or dead, nothing left, the heap bounded",
    () =>
      Effect.gen(function* () {
        const lines: Array<string> = []
        const result = yield* Soak.run({ durationMillis: 20_000, reportEveryMillis: 5000, seed: 5 }, (report) =>
          Effect.sync(() => {
            lines.push(Soak.formatReport(report))
          })
        )
        console.log(`${lines.join("\n")}\n${Soak.formatResult(result)}`)
        const { final, memory } = result

        // A report per 5 s phase, and the traffic really ran, through faults.
        expect(result.reports.length).toBe(4)
        expect(lines.length).toBe(4)
        expect(final.callsStarted).toBeGreaterThan(100)
        expect(final.requests).toBeGreaterThanOrEqual(final.callsStarted)
        expect(final.succeeded).toBeGreaterThan(final.callsStarted / 2)
        expect(Object.keys(final.failures).length).toBeGreaterThan(0)

        // Every call ended, none died, none was created twice.
        expect({ lost: final.lost, died: final.died, duplicates: final.duplicates, ended: final.callsEnded }).toEqual({
          lost: 0,
          died: 0,
          duplicates: 0,
          ended: final.callsStarted
        })
        // The closed clients left no fiber running and no socket open.
        expect({ fibers: result.fibersLeft, sockets: result.socketsLeft }).toEqual({ fibers: 0, sockets: 0 })
        expect(result.ok).toBe(true)

        // The heap and the buffers outside it (bodies are Uint8Arrays) did not grow without bound.
        expect(memory.forcedGc).toBe(true)
        expect(memory.end.retained - memory.middle.retained).toBeLessThan(50 * 1024 * 1024)
      }),
    { timeout: 240_000 }
  )
})
