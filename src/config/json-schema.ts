/**
 * The configuration's JSON Schema (config/draftgate.schema.json), generated from the zod schema with zod 4's
 * `z.toJSONSchema` and the `.meta({ description })` of every key. Editors use it through the example file's
 * `yaml-language-server: $schema=` line. Durations are the `duration` definition (the zod type's meta id).
 */
import { z } from 'zod';
import { formatDuration } from './duration.js';
import { configSchema } from './schema.js';

export type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  [key: string]: unknown;
};

export const DURATION_REF = '#/$defs/duration';

export function configJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  // zod leaves out the defaults of transformed types (durations) in input mode: take them from the schema's own
  // defaults, written as durations, which are valid input.
  fillDefaults(schema, configSchema.parse({}) as Record<string, unknown>);
  return { ...schema, title: 'draftgate configuration (config/draftgate.yaml)' };
}

function fillDefaults(node: JsonSchema, defaults: Record<string, unknown> | undefined): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const value = defaults?.[key];
    if (child.properties) {
      fillDefaults(
        child,
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined,
      );
      continue;
    }
    if (
      child.default === undefined &&
      value !== undefined &&
      child.$ref === DURATION_REF &&
      typeof value === 'number'
    ) {
      child.default = formatDuration(value);
    }
  }
}
