// Records every module the process loads (`node --import ./loads.mjs …`), for the check that a vendor client
// pulls in no fast-check.
import { register } from "node:module"

register("./loads-hook.mjs", import.meta.url)
