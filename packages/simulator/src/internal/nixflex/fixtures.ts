/** @internal */
export const demoKeyId = "nxf_0123456789abcdef0123456789abcdef"

/** @internal */
export const demoKeySecret = "nxfs_faultlinedemo0123456789abcdef0123456789abcdef0123456789ab"

/** @internal */
export const demoKey = `${demoKeyId}:${demoKeySecret}`

/** @internal */
export const fixtures = {
  accountId: "acct_demo",
  agentId: "agent_125207e452f8714a",
  otherAccountAgentId: "agent_0000000000000b0b",
  agentWithoutPhoneId: "agent_00000000000000aa",
  fromNumber: "+14155550123",
  otherAccountNumber: "+14155550999",
  numberNotInTwilio: "+14155550000",
  unsubscribedNumber: "+14155550666",
  callId: "CA00000000000000000000000000000001",
  twilioAccountSid: "AC0123456789abcdef0123456789abcdef",
  twilioAuthToken: "0123456789abcdef0123456789abcdef",
  twilioRejectedToken: "00000000000000000000000000000000",
  completedCampaignId: "camp_completed01",
  scheduledCampaignId: "camp_scheduled01",
  emptyCampaignId: "camp_empty01"
} as const
