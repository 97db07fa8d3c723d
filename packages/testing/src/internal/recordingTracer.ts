import * as Cause from "effect/Cause"
import * as Exit from "effect/Exit"
import * as Tracer from "effect/Tracer"
import type { RecordedSpan } from "../SecretLeaks.js"

// The tracer behind `SecretLeaks.observe`: it keeps every span an effect makes, with everything a tracing backend
// would be sent of it.

const textOf = (value: unknown): string => {
  if (typeof value !== "object" || value === null) return String(value)
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

// A span being recorded: the same fields, open to the tracer that fills them.
export interface Recording {
  readonly name: string
  readonly attributes: Map<string, unknown>
  readonly events: Array<RecordedSpan["events"][number]>
  readonly links: Array<Tracer.SpanLink>
  exit: Exit.Exit<unknown, unknown> | undefined
}

// Every text a tracing backend would get from a span: its name, attributes, events, links and, when it failed, its
// cause as an exporter records the exception.
export const textsOfSpan = (span: RecordedSpan, label: string): ReadonlyArray<readonly [string, string]> => {
  const texts: Array<readonly [string, string]> = [[label, span.name]]
  for (const [key, value] of span.attributes) texts.push([`${label} attribute ${key}`, textOf(value)])
  for (const event of span.events)
    texts.push([`${label} event ${event.name}`, `${event.name} ${textOf(event.attributes)}`])
  for (const link of span.links) texts.push([`${label} link`, textOf(link.attributes)])
  if (span.exit !== undefined && Exit.isFailure(span.exit)) {
    texts.push(
      [`${label} exit`, Cause.pretty(span.exit.cause)],
      [`${label} exit squashed`, textOf(Cause.squash(span.exit.cause))]
    )
  }
  return texts
}

export const recordingTracer = (spans: Array<Recording>): Tracer.Tracer =>
  Tracer.make({
    span: (name, parent, context, links, startTime, kind, options) => {
      const recorded: Recording = {
        name,
        attributes: new Map(Object.entries(options?.attributes ?? {})),
        events: [],
        links: [...links],
        exit: undefined
      }
      spans.push(recorded)
      let status: Tracer.SpanStatus = { _tag: "Started", startTime }
      return {
        _tag: "Span",
        name,
        spanId: `span-${spans.length}`,
        traceId: "trace-secret-leaks",
        parent,
        context,
        get status() {
          return status
        },
        attributes: recorded.attributes,
        links: recorded.links,
        sampled: true,
        kind,
        end: (endTime, exit) => {
          status = { _tag: "Ended", startTime, endTime, exit }
          recorded.exit = exit
        },
        attribute: (key, value) => {
          recorded.attributes.set(key, value)
        },
        event: (eventName, _, attributes) => {
          recorded.events.push({ name: eventName, attributes })
        },
        addLinks: (added) => {
          recorded.links.push(...added)
        }
      }
    },
    context: (f) => f()
  })
