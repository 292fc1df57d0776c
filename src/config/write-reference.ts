/**
 * `npm run docs:config`: writes config/draftgate.schema.json and the reference table in docs/configuration.md,
 * both from the zod schema.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { configJsonSchema } from './json-schema.js';
import { configReference, renderReference, schemaFileText, withReference } from './reference.js';

const schema = configJsonSchema();
writeFileSync(new URL('../../config/draftgate.schema.json', import.meta.url), schemaFileText(schema));
const docs = new URL('../../docs/configuration.md', import.meta.url);
writeFileSync(docs, withReference(readFileSync(docs, 'utf8'), renderReference(configReference(schema))));
