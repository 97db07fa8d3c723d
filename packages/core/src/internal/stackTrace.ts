// Whether `Error.stackTraceLimit` can be set here (a frozen realm, SES's lockdown, makes it read-only).
const writable = (() => {
  const descriptor = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit")
  if (descriptor === undefined) return Object.isExtensible(Error)
  return Object.hasOwn(descriptor, "writable") ? descriptor.writable === true : descriptor.set !== undefined
})()

/**
 * Runs `f` without capturing stack traces in the errors it constructs. A failure made from a response (a decoded
 * envelope, a copy carrying the retry trace, a transport fault) is an `Error`, and capturing its stack costs more
 * than the rest of decoding together, while that stack shows only faultline's frames and the fiber runtime's: where
 * the call was made is the attempt span's business, which `Cause.pretty` prints. Effect itself builds its own
 * errors this way.
 *
 * @internal
 */
export const withoutStackTrace = <A>(f: () => A): A => {
  if (!writable) return f()
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return f()
  } finally {
    Error.stackTraceLimit = limit
  }
}
