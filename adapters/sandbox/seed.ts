/** The sandbox's people and the `#eng-help` posts it starts with. */

export interface SandboxUser {
  id: string;
  name: string;
  /** Shown beside the name in the "acting as" switch. */
  title: string;
  /** Sandbox role names; policy `roles` entries match them. */
  roles: string[];
}

export interface SeedPost {
  author: string;
  text: string;
  /** Minutes before start-up, so the channel reads like a real morning. */
  minutesAgo: number;
  replies?: { author: string; text: string; minutesAgo: number }[];
}

export interface SandboxSeed {
  workspace: string;
  channel: { id: string; name: string; topic: string };
  users: SandboxUser[];
  posts: SeedPost[];
}

export const SANDBOX_WORKSPACE = 'sandbox';

export const DEFAULT_SEED: SandboxSeed = {
  workspace: SANDBOX_WORKSPACE,
  channel: {
    id: 'eng-help',
    name: 'eng-help',
    topic:
      'Ask the platform team anything. AI replies are drafted privately and published only when a human approves.',
  },
  users: [
    { id: 'alice', name: 'Alice', title: 'requester', roles: ['engineering'] },
    { id: 'bob', name: 'Bob', title: 'teammate', roles: ['engineering'] },
    { id: 'carol', name: 'Carol', title: 'security lead, second approver', roles: ['security'] },
  ],
  posts: [
    {
      author: 'bob',
      minutesAgo: 52,
      text: 'Our nightly export job started timing out after the Postgres 16 upgrade. The query plan looks the same. Anyone seen this?',
      replies: [
        {
          author: 'carol',
          minutesAgo: 47,
          text: 'Check whether autovacuum caught up after the upgrade; stale statistics bite exports first.',
        },
      ],
    },
    {
      author: 'alice',
      minutesAgo: 31,
      text: "I don't have access to the users table in the analytics warehouse, so the retention dashboard shows nothing for me. How do I get permission to see it?",
    },
    {
      author: 'carol',
      minutesAgo: 19,
      text: 'The CI build agent is stuck again with "no space left on device". What is the fastest way to clean it up?',
    },
    {
      author: 'bob',
      minutesAgo: 12,
      text: 'What is the recommended way to roll back a bad feature flag change in production?',
    },
  ],
};
