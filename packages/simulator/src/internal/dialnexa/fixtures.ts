/** @internal */
export const demoKey = "dnx_test_faultline_demo"

/** @internal */
export const fixtures = {
  organizationId: "org_demo",
  agentId: "agt_demo0001",
  agentWithDeletedNumberId: "agt_deleted_number",
  agentVersionId: "av_demo0001",
  draftAgentVersionId: "av_draft0001",
  fromPhoneNumber: "+14155550100",
  runningCampaignId: "cmp_running01",
  completedCampaignId: "cmp_completed01",
  cancelledCampaignId: "cmp_cancelled01",
  runningCampaignLeadIds: ["lead_run_1", "lead_run_2", "lead_run_3"],
  completedCampaignLeadId: "lead_done_1",
  pausedWorkflowId: "wf_paused01",
  activeWorkflowId: "wf_active01",
  cancelledWorkflowId: "wf_cancelled01",
  otherOrganizationId: "org_other",
  otherOrganizationWebhookId: "wh_other01"
} as const
