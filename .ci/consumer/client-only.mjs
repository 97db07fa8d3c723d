// What a program importing only the Nixflex client loads.
import { NixflexHttpClient } from "@faultline/nixflex"

console.log(typeof NixflexHttpClient.layer)
