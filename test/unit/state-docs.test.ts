/** The documented state machine cannot drift from the table: the architecture page's diagram and table follow it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DIAGRAM_END,
  DIAGRAM_START,
  renderStateDiagram,
  renderStateTable,
  sectionBetween,
  TABLE_END,
  TABLE_START,
} from '../../src/core/state-docs.js';
import { ACTIONS } from '../../src/core/transitions.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('state machine docs', () => {
  it('the diagram in docs/architecture.md is the one generated from the table (run npm run docs:states)', () => {
    expect(sectionBetween(read('docs/architecture.md'), DIAGRAM_START, DIAGRAM_END)).toBe(
      renderStateDiagram(),
    );
  });

  it('the table in docs/architecture.md is the one generated from the table (run npm run docs:states)', () => {
    expect(sectionBetween(read('docs/architecture.md'), TABLE_START, TABLE_END)).toBe(renderStateTable());
  });

  it('the table has one row per action and the diagram names every action', () => {
    const table = renderStateTable();
    const diagram = renderStateDiagram();
    for (const action of ACTIONS) {
      expect(table).toContain(`| \`${action}\` |`);
      expect(diagram).toMatch(new RegExp(`[:,] ${action}(,|$)`, 'm'));
    }
  });
});
