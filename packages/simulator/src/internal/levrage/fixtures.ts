/** @internal */
export const demoKey = "lev_faultline_demo_key"

/** @internal */
export const fixtures = {
  accountId: "acct_demo",
  agentId: "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5",
  agentName: "Demo Agent",
  sourceNumber: "+919876543210"
} as const
