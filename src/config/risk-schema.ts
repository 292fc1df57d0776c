/** The `risk` section of the configuration schema: custom rules, severity overrides and the optional model review. */
import { z } from 'zod';
import { duration } from './duration.js';

const severity = z.enum(['block', 'confirm', 'note']);

export const riskSchema = z
  .object({
    rules: z
      .array(
        z
          .object({
            id: z
              .string()
              .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lowercase letters, digits, ".", "_" or "-"')
              .meta({
                description: "The rule id shown on findings (lowercase letters, digits, '.', '_' or '-').",
              }),
            pattern: z.string().min(1).meta({ description: 'A JavaScript regular expression.' }),
            flags: z
              .string()
              .regex(/^[imsu]*$/)
              .default('i')
              .meta({ description: 'Regular expression flags among i, m, s, u.' }),
            severity,
            explanation: z
              .string()
              .min(1)
              .meta({ description: 'What the reviewer is told when the rule matches.' }),
          })
          .strict(),
      )
      .default([])
      .meta({
        description: 'Extra risk rules: a regular expression, a severity and what the reviewer is told.',
      }),
    severity_overrides: z.record(z.string(), severity).default({}).meta({
      description: "Override a built-in rule's severity (block, confirm or note), by rule id or by category.",
    }),
    judge: z
      .object({
        enabled: z
          .boolean()
          .default(false)
          .meta({ description: 'Ask a model for a second opinion on every draft.' }),
        base_url: z
          .url()
          .optional()
          .meta({ description: "The judge's OpenAI-compatible endpoint; default agent.openai.base_url." }),
        api_key: z
          .string()
          .min(1)
          .optional()
          .meta({ description: "The judge's API key; default agent.openai's (keep it in the environment)." }),
        model: z
          .string()
          .min(1)
          .optional()
          .meta({ description: "The judge's model; default agent.openai.model." }),
        timeout: duration.default(8_000).meta({
          description: "A judge slower than this shows 'model review unavailable'; the rules still apply.",
        }),
      })
      .strict()
      .default({ enabled: false, timeout: 8_000 })
      .meta({
        description:
          "Optional second opinion from a model (off by default): it may add findings or raise a severity, never lower one. Uses agent.openai's endpoint, key and model unless set here.",
      }),
  })
  .strict();
