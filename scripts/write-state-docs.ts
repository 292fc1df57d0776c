/** `npm run docs:states`: rewrites the state diagram (README, docs/architecture.md) and table from transitions.ts. */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  DIAGRAM_END,
  DIAGRAM_START,
  renderStateDiagram,
  renderStateTable,
  replaceBetween,
  TABLE_END,
  TABLE_START,
} from '../src/core/state-docs.js';

for (const path of ['README.md', 'docs/architecture.md']) {
  const file = new URL(`../${path}`, import.meta.url);
  let doc = replaceBetween(readFileSync(file, 'utf8'), DIAGRAM_START, DIAGRAM_END, renderStateDiagram());
  if (doc.includes(TABLE_START)) doc = replaceBetween(doc, TABLE_START, TABLE_END, renderStateTable());
  writeFileSync(file, doc);
}
