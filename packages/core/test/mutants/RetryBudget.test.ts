import { describe, expect, it } from "@effect/vitest"
import { RetryBudget } from "@faultline/core"

// Written against the survivors of `pnpm mutate` on internal/retryBudget.ts: how many retries a host's bucket
// grants, and what successes and refunds put back.

describe("RetryBudget", () => {
  it("by default a host has 10 retries, and ten successes buy one more", () => {
    const budget = RetryBudget.make()
    expect(budget.remaining("h")).toBe(10)
    const granted = Array.from({ length: 11 }, () => budget.withdraw("h"))
    expect(granted.filter(Boolean)).toHaveLength(10)
    expect(granted[10]).toBe(false)
    for (let i = 0; i < 9; i++) budget.deposit("h")
    expect(budget.withdraw("h")).toBe(false)
    budget.deposit("h")
    expect(budget.remaining("h")).toBe(1)
    expect([budget.withdraw("h"), budget.withdraw("h")]).toEqual([true, false])
  })

  it("a retry is granted while exactly its cost is left, and a refused one takes nothing", () => {
    const budget = RetryBudget.make({ capacity: 1.5, retryCost: 0.75, successRefill: 0 })
    expect([budget.withdraw("h"), budget.withdraw("h"), budget.withdraw("h")]).toEqual([true, true, false])
    expect(budget.remaining("h")).toBe(0)
    // Successes worth nothing refill nothing.
    budget.deposit("h")
    expect(budget.remaining("h")).toBe(0)
  })

  it("a refund gives back one retry's cost, never above capacity", () => {
    const budget = RetryBudget.make({ capacity: 3, retryCost: 2 })
    expect(budget.withdraw("h")).toBe(true)
    expect(budget.remaining("h")).toBe(1)
    budget.refund("h")
    expect(budget.remaining("h")).toBe(3)
    budget.refund("h")
    expect(budget.remaining("h")).toBe(3)
    // A host never seen is full: its refund stays at capacity too.
    budget.refund("fresh")
    expect(budget.remaining("fresh")).toBe(3)
  })

  it("successes refill by their worth, up to capacity", () => {
    const budget = RetryBudget.make({ capacity: 2, retryCost: 1, successRefill: 0.25 })
    budget.withdraw("h")
    budget.deposit("h")
    expect(budget.remaining("h")).toBe(1.25)
    for (let i = 0; i < 10; i++) budget.deposit("h")
    expect(budget.remaining("h")).toBe(2)
    budget.deposit("fresh")
    expect(budget.remaining("fresh")).toBe(2)
  })

  it("each host has its own bucket", () => {
    const budget = RetryBudget.make({ capacity: 1 })
    expect([budget.withdraw("a"), budget.withdraw("a")]).toEqual([true, false])
    expect(budget.remaining("b")).toBe(1)
    expect(budget.withdraw("b")).toBe(true)
    budget.refund("a")
    expect([budget.remaining("a"), budget.remaining("b")]).toEqual([1, 0])
  })

  it("the unlimited budget grants every retry and never runs down", () => {
    const budget = RetryBudget.unlimited
    for (let i = 0; i < 100; i++) expect(budget.withdraw("h")).toBe(true)
    budget.refund("h")
    budget.deposit("h")
    expect(budget.remaining("h")).toBe(Number.POSITIVE_INFINITY)
  })
})
