/**
 * The documented configuration cannot drift from the schema: the JSON Schema file, the reference table in
 * docs/configuration.md and the example file all follow the zod schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configJsonSchema } from '../../src/config/json-schema.js';
import {
  configReference,
  REFERENCE_END,
  REFERENCE_START,
  renderReference,
  schemaFileText,
} from '../../src/config/reference.js';
import { configSchema } from '../../src/config/schema.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const schema = configJsonSchema();
const rows = configReference(schema);

describe('configuration docs', () => {
  it('config/draftgate.schema.json is the one generated from the zod schema (run npm run docs:config)', () => {
    expect(read('config/draftgate.schema.json')).toBe(schemaFileText(schema));
  });

  it('the reference in docs/configuration.md is the one generated from the schema (run npm run docs:config)', () => {
    const docs = read('docs/configuration.md');
    const section = docs
      .slice(docs.indexOf(REFERENCE_START) + REFERENCE_START.length, docs.indexOf(REFERENCE_END))
      .trim();
    expect(section).toBe(renderReference(rows));
  });

  it('types and defaults come from the schema, durations included', () => {
    const row = (path: string) => rows.find((r) => r.path === path);
    // The old generator guessed durations by key name and printed this one as `value / 10000`.
    expect(row('policy.reconcile_grace')).toMatchObject({ type: 'duration', default: '`10s`' });
    expect(row('policy.draft_ttl')).toMatchObject({ type: 'duration', default: '`1d`' });
    expect(row('server.port')).toMatchObject({ type: 'integer', default: '`3000`', env: '`PORT`' });
    expect(row('log.level')?.type).toContain('debug');
  });

  it('every key has a description (add .meta({ description }) to a new key in src/config/schema.ts)', () => {
    expect(rows.filter((r) => r.description === '').map((r) => r.path)).toEqual([]);
  });

  it('the example file points editors at the schema, mentions every key and is itself valid', () => {
    const example = read('config/draftgate.example.yaml');
    expect(example.split('\n')[0]).toBe('# yaml-language-server: $schema=./draftgate.schema.json');
    expect(configSchema.safeParse(parse(example)).success).toBe(true);
    for (const row of rows) {
      const leaf = row.path.split('.').at(-1) ?? '';
      expect(example, row.path).toMatch(new RegExp(`\\b${leaf}:`));
    }
  });
});
