/** The `agent` section of the configuration schema: which agent drafts, and how it is reached. */
import { z } from 'zod';
import { duration } from './duration.js';

export const agentSchema = z
  .object({
    provider: z.enum(['demo', 'openai', 'command']).default('demo').meta({
      description:
        'Which agent writes drafts: demo (offline, labelled), openai or command. Env: DRAFTGATE_AGENT.',
    }),
    timeout: duration
      .default(60_000)
      .meta({ description: 'An agent that takes longer fails the draft (nothing is posted).' }),
    concurrency: z.number().int().min(1).max(1000).default(16).meta({
      description:
        'Drafts written at once by one process, after the platform’s ack; more wait in a queue (agent.queue).',
    }),
    queue: z.number().int().min(0).max(100_000).default(500).meta({
      description:
        'Drafts that may wait for a free slot; beyond it a request is refused as busy (nothing is drafted).',
    }),
    system_prompt: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "Replaces the agent's built-in system prompt." }),
    openai: z
      .object({
        base_url: z.url().optional().meta({ description: 'The API base URL. Env: OPENAI_BASE_URL.' }),
        api_key: z
          .string()
          .min(1)
          .optional()
          .meta({ description: 'The API key; set OPENAI_API_KEY in the environment instead.' }),
        model: z
          .string()
          .min(1)
          .default('gpt-4o-mini')
          .meta({ description: 'The model name. Env: OPENAI_MODEL.' }),
        max_tokens: z
          .number()
          .int()
          .positive()
          .default(1200)
          .meta({ description: 'Upper bound on the tokens of one reply.' }),
      })
      .strict()
      .default({ model: 'gpt-4o-mini', max_tokens: 1200 })
      .meta({
        description:
          'Any OpenAI-compatible chat-completions endpoint (OpenAI, Azure, Ollama, vLLM, LiteLLM).',
      }),
    command: z
      .object({
        argv: z
          .array(z.string().min(1))
          .min(1)
          .meta({ description: 'The program and its arguments (no shell).' }),
        cwd: z.string().optional().meta({ description: 'Its working directory.' }),
      })
      .strict()
      .optional()
      .meta({ description: 'A local program: the request as JSON on stdin, the reply on stdout.' }),
  })
  .strict();
