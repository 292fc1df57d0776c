/** The documented configuration cannot drift from the schema: README table and example file both follow it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  configReference,
  REFERENCE_END,
  REFERENCE_START,
  renderReference,
} from '../../src/config/reference.js';
import { configSchema } from '../../src/config/schema.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('configuration docs', () => {
  it('the README reference is the one generated from the schema (run npm run docs:config)', () => {
    const readme = read('README.md');
    const section = readme
      .slice(readme.indexOf(REFERENCE_START) + REFERENCE_START.length, readme.indexOf(REFERENCE_END))
      .trim();
    expect(section).toBe(renderReference(configReference()));
  });

  it('the example file mentions every key and is itself valid', () => {
    const example = read('config/draftgate.example.yaml');
    expect(configSchema.safeParse(parse(example)).success).toBe(true);
    for (const row of configReference()) {
      const leaf = row.path.split('.').at(-1) ?? '';
      expect(example, row.path).toMatch(new RegExp(`\\b${leaf}:`));
    }
  });
});
