/**
 * Live progress of a run: a bar on a terminal (cli-progress), a line every two seconds otherwise (CI logs).
 */
import { Presets, SingleBar } from "cli-progress"
import { Effect } from "effect"
import type { Outcome } from "./campaign.js"

export interface Progress {
  readonly update: (outcome: Outcome) => void
  readonly stop: () => void
}

export const start = (label: string, total: number): Progress => {
  const counts = { placed: 0, skipped: 0, unknown: 0, failed: 0 }
  const count = (outcome: Outcome) => {
    if (outcome._tag === "Placed" || outcome._tag === "Reconciled") counts.placed++
    else if (outcome._tag === "Skipped") counts.skipped++
    else if (outcome._tag === "Unknown") counts.unknown++
    else counts.failed++
  }
  const done = () => counts.placed + counts.skipped + counts.unknown + counts.failed
  const started = Date.now()

  if (process.stdout.isTTY) {
    const bar = new SingleBar(
      {
        format: `${label} {bar} {value}/{total} | placed {placed}, skipped {skipped}, unknown {unknown}, failed {failed} | {duration}s`,
        hideCursor: true,
        clearOnComplete: false
      },
      Presets.shades_classic
    )
    bar.start(total, 0, counts)
    return {
      update: (outcome) => {
        count(outcome)
        bar.update(done(), counts)
      },
      stop: () => bar.stop()
    }
  }

  const line = () =>
    console.log(
      `${label}: ${done()}/${total} (placed ${counts.placed}, skipped ${counts.skipped}, unknown ${counts.unknown}, failed ${counts.failed}) after ${((Date.now() - started) / 1000).toFixed(0)} s`
    )
  const timer = setInterval(line, 2000)
  return {
    update: count,
    stop: () => {
      clearInterval(timer)
      line()
    }
  }
}

/** Runs a campaign with its progress shown; its outcomes, and when it started and ended (epoch ms). */
export const track = <E, R>(
  label: string,
  total: number,
  campaign: (onOutcome: (outcome: Outcome) => void) => Effect.Effect<ReadonlyArray<Outcome>, E, R>
) =>
  Effect.suspend(() => {
    const progress = start(label, total)
    const started = Date.now()
    return campaign(progress.update).pipe(
      Effect.ensuring(Effect.sync(progress.stop)),
      Effect.map((outcomes) => ({ outcomes, start: started, end: Date.now() }))
    )
  })
