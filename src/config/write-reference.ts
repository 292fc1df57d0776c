/** `npm run docs:config`: rewrites the README's configuration reference from the schema. */
import { readFileSync, writeFileSync } from 'node:fs';
import { configReference, renderReference, withReference } from './reference.js';

const file = new URL('../../README.md', import.meta.url);
writeFileSync(file, withReference(readFileSync(file, 'utf8'), renderReference(configReference())));
