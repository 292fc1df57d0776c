/** The workspace and bot ids of the fake Slack API, shared by the deliveries that tests and benchmarks build. */
export const FAKE_TEAM = 'T0TEAM';
export const FAKE_BOT_USER = 'U0BOT';
export const FAKE_BOT_ID = 'B0BOT';
