/** `npm run docs:states`: rewrites the state diagram and table in docs/architecture.md from transitions.ts. */
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

const file = new URL('../docs/architecture.md', import.meta.url);
let doc = replaceBetween(readFileSync(file, 'utf8'), DIAGRAM_START, DIAGRAM_END, renderStateDiagram());
doc = replaceBetween(doc, TABLE_START, TABLE_END, renderStateTable());
writeFileSync(file, doc);
