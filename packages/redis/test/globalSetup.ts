// The @faultline/redis tests run a real redis-server (each file starts its own, see utils/RedisServer.ts). On a
// fresh machine where the tests run as root with apt (a CI runner, a container), the README's test command installs
// it once here, so that `pnpm test` needs nothing set up by hand; anywhere else the tests say how to install it.
import { spawnSync } from "node:child_process"

const has = (command: string, args: ReadonlyArray<string>) => {
  const probe = spawnSync(command, args, { encoding: "utf8" })
  return probe.error === undefined && probe.status === 0
}

export default function setup() {
  if (has("redis-server", ["--version"])) return
  const root = typeof process.getuid === "function" && process.getuid() === 0
  if (!root || !has("apt-get", ["--version"])) return
  console.log("redis-server is not installed: installing it with apt-get for the @faultline/redis tests")
  const install = spawnSync(
    "sh",
    ["-c", "apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server"],
    { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }
  )
  if (install.status !== 0) console.log("apt-get could not install redis-server; the Redis tests will say so")
}
