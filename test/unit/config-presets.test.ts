/** Every shipped preset is a valid configuration, with risk rules that build. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';

const dir = new URL('../../config/presets/', import.meta.url);

describe('config presets', () => {
  const files = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
  it('ships presets', () => expect(files.length).toBeGreaterThan(0));
  it.each(files)('%s is valid', (name) => {
    const { config } = loadConfig({ file: new URL(name, dir).pathname, env: {} });
    expect(() => createRiskReviewer(config.risk)).not.toThrow();
  });
});
