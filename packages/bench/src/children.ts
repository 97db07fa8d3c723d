/**
 * Child processes of the bench: each runs one of the bench's entry files under the same loader as this process (tsx),
 * passes its progress through to stderr, and hands back one JSON result on a marked line of its stdout (anything
 * else it prints goes to stderr too). Children started together can wait at a `Barrier` until all of them are
 * ready, so that none measures while another is still loading its modules.
 */
import { type ChildProcessByStdio, spawn } from "node:child_process"
import * as Path from "node:path"
import type { Readable, Writable } from "node:stream"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"

const resultMarker = "@@bench-result "
const readyMarker = "@@bench-ready"

type Child = ChildProcessByStdio<Writable, Readable, null>

/** How children started together go on once each has said it is ready. */
export interface Barrier {
  readonly arrive: (child: Child) => void
  /** The child ended (`arrived`: after it had said it was ready). */
  readonly leave: (arrived: boolean) => void
}

/** All `parties` children go on together, once each has said it is ready (or has ended without). */
export const barrier = (parties: number): Barrier => {
  let remaining = parties
  const waiting: Array<Child> = []
  const release = () => {
    if (waiting.length < remaining) return
    for (const child of waiting.splice(0)) child.stdin.write("go\n")
  }
  return {
    arrive: (child) => {
      waiting.push(child)
      release()
    },
    leave: (arrived) => {
      if (arrived) return
      remaining -= 1
      release()
    }
  }
}

/** The children go on one at a time, in the order they said they were ready, each once the one before has ended. */
export const oneAtATime = (): Barrier => {
  const waiting: Array<Child> = []
  let running = false
  const next = () => {
    const child = waiting.shift()
    running = child !== undefined
    child?.stdin.write("go\n")
  }
  return {
    arrive: (child) => {
      waiting.push(child)
      if (!running) next()
    },
    leave: (arrived) => {
      if (arrived) next()
    }
  }
}

/** Prints the child's result where the parent looks for it, then ends the child (the peers' keep-alive sockets would
 * hold it open). */
export const replyAndExit = (result: unknown): void => {
  process.stdout.write(`${resultMarker}${JSON.stringify(result)}\n`, () => process.exit(0))
}

/** In a child: says it is ready, and waits until the parent says go (at once when the parent gave no barrier). */
export const ready: Effect.Effect<void> = Effect.async<void>((resume) => {
  process.stdin.setEncoding("utf8")
  process.stdin.once("data", () => {
    process.stdin.pause()
    resume(Effect.void)
  })
  process.stdout.write(`${readyMarker}\n`)
})

/** Whether `url` (a module's `import.meta.url`) is the file node was started with. */
export const isMain = (url: string): boolean =>
  process.argv[1] !== undefined && fileURLToPath(url) === Path.resolve(process.argv[1])

/** Runs a child's work and replies with its result, or prints the failure and exits with 1. */
export const main = <A>(work: Effect.Effect<A, unknown>): void => {
  Effect.runPromise(work).then(replyAndExit, (error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}

/**
 * Runs `file` (an entry file of this package) with `input` as its one argument, and reads its result. A child that
 * says it is ready waits at `at` (or goes on at once without one).
 */
export const run = <A>(file: URL, input: unknown, at: Barrier = barrier(1)): Effect.Effect<A, Error> =>
  Effect.async<A, Error>((resume) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(file), JSON.stringify(input)], {
      stdio: ["pipe", "pipe", "inherit"]
    })
    let stdout = ""
    let result: A | undefined
    let arrived = false
    child.stdout.setEncoding("utf8")
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk
      let newline = stdout.indexOf("\n")
      while (newline >= 0) {
        const line = stdout.slice(0, newline)
        stdout = stdout.slice(newline + 1)
        if (line.startsWith(resultMarker)) {
          result = JSON.parse(line.slice(resultMarker.length)) as A
        } else if (line === readyMarker) {
          arrived = true
          at.arrive(child)
        } else {
          process.stderr.write(`${line}\n`)
        }
        newline = stdout.indexOf("\n")
      }
    })
    child.on("error", (error) => resume(Effect.fail(error)))
    child.on("close", (code) => {
      at.leave(arrived)
      resume(
        code === 0 && result !== undefined
          ? Effect.succeed(result)
          : Effect.fail(new Error(`${fileURLToPath(file)} exited with ${code} and no result`))
      )
    })
    return Effect.sync(() => void child.kill())
  })

/** The one argument a child was given, parsed. */
export const input = <A>(): A => JSON.parse(process.argv[2] ?? "null") as A
