/**
 * Every shipped preset is a valid configuration with risk rules that build, once its placeholders are filled in; a
 * placeholder left in is refused with a message naming it.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { PLACEHOLDER_PREFIX } from '../../src/config/schema.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';

const dir = new URL('../../config/presets/', import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), 'draftgate-presets-'));

/** The preset with every placeholder replaced by an id, as an operator would. */
function filledIn(name: string): string {
  const text = readFileSync(new URL(name, dir), 'utf8').replaceAll(
    new RegExp(`${PLACEHOLDER_PREFIX}\\w+`, 'g'),
    'S0REVIEWERS',
  );
  const file = join(scratch, name);
  writeFileSync(file, text);
  return file;
}

describe('config presets', () => {
  const files = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
  it('ships presets', () => expect(files.length).toBeGreaterThan(0));
  it.each(files)('%s is valid once its placeholders are filled in', (name) => {
    const { config } = loadConfig({ file: filledIn(name), env: {} });
    expect(() => createRiskReviewer(config.risk)).not.toThrow();
  });

  it('strict.yaml ships reviewer placeholders that are refused until replaced', () => {
    const file = new URL('strict.yaml', dir).pathname;
    expect(readFileSync(file, 'utf8')).toContain(PLACEHOLDER_PREFIX);
    let error: unknown;
    try {
      loadConfig({ file, env: {} });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toMatch(
      /policy\.second_approval\.approvers\.roles\.0: replace the placeholder "REPLACE_WITH_REVIEWER_GROUP_ID"/,
    );
  });
});
