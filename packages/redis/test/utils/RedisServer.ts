// A real redis-server for the tests, on a free port of 127.0.0.1, with nothing persisted; killed with its scope.
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import * as Net from "node:net"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

export interface RedisServer {
  readonly port: number
  readonly url: string
  /** Kills the server (SIGKILL: as a crash, nothing flushed). */
  readonly kill: Effect.Effect<void>
  /** Starts it again on the same port. */
  readonly start: Effect.Effect<void>
}

export class RedisServerTag extends Context.Tag("test/RedisServer")<RedisServerTag, RedisServer>() {}

const freePort = Effect.async<number>((resume) => {
  const server = Net.createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

const requireRedisServer = Effect.sync(() => {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" })
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(
      "redis-server is not on PATH: the @faultline/redis tests run a real Redis. " +
        "Install it (Debian, Ubuntu: `apt-get install redis-server`; macOS: `brew install redis`) and run them again."
    )
  }
})

const spawnServer = (port: number) =>
  Effect.async<ChildProcess, Error>((resume) => {
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "pipe"] }
    )
    let output = ""
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      resume(Effect.fail(new Error(`redis-server did not start on port ${port}:\n${output}`)))
    }, 10_000)
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer)
        resume(Effect.succeed(child))
      }
    })
    child.on("exit", (code) => {
      clearTimeout(timer)
      resume(Effect.fail(new Error(`redis-server exited (${code}) on port ${port}:\n${output}`)))
    })
  })

const killServer = (child: ChildProcess) =>
  Effect.async<void>((resume) => {
    if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
    child.once("exit", () => resume(Effect.void))
    child.kill("SIGKILL")
  })

export const layer = Layer.scoped(
  RedisServerTag,
  Effect.gen(function* () {
    yield* requireRedisServer
    const port = yield* freePort
    let child: ChildProcess | undefined = yield* Effect.orDie(spawnServer(port))
    yield* Effect.addFinalizer(() => (child === undefined ? Effect.void : killServer(child)))
    return {
      port,
      url: `redis://127.0.0.1:${port}`,
      kill: Effect.suspend(() => {
        const running = child
        child = undefined
        return running === undefined ? Effect.void : killServer(running)
      }),
      start: Effect.suspend(() =>
        child !== undefined
          ? Effect.void
          : Effect.map(Effect.orDie(spawnServer(port)), (started) => {
              child = started
            })
      )
    }
  })
)
