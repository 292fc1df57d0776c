/** Moving user data where it does not belong: exports, sharing outside, copies of production, public links. */
import type { PatternRule } from './rule.js';

const PEOPLE_DATA =
  '(?:users?|customers?|clients?|pii|personal data|user data|customer data|email addresses|emails|accounts?|patients?|members?|employees?|profiles?)';
const OUTSIDE =
  '(?:csv|spreadsheets?|google sheets?|sheets?|excel|xlsx|json files?|files?|s3|buckets?|drive|laptops?|dropbox|personal|gmail|usb)';

export const DATA_EXPOSURE_RULES: readonly PatternRule[] = [
  {
    id: 'data.export-user-data',
    category: 'data_exposure',
    severity: 'confirm',
    explanation: 'Exports user data out of its system: check who will hold the copy.',
    patterns: [
      new RegExp(
        String.raw`\b(?:export|dump|download|extract|pull)\w*\b[^.\n]{0,60}?\b${PEOPLE_DATA}\b[^.\n]{0,60}?\b${OUTSIDE}\b`,
        'i',
      ),
      new RegExp(
        String.raw`\\?\bcopy\s+\(?[^;]{0,300}?\b${PEOPLE_DATA}\b[^;]{0,300}?\)?\s+to\s+(?:'[^']*'|stdout|program)`,
        'i',
      ),
      /\bINTO\s+OUTFILE\b/i,
      new RegExp(
        String.raw`\b(?:pg_dump|mysqldump|mongoexport|mongodump)\b[^\n\`]{0,200}?\b${PEOPLE_DATA}\b`,
        'i',
      ),
    ],
    narrative: true,
  },
  {
    id: 'data.share-external',
    category: 'data_exposure',
    severity: 'confirm',
    explanation: 'Shares data with people outside the company: check that they are allowed to see it.',
    patterns: [
      new RegExp(
        String.raw`\b(?:share|sharing|send|sending|forward|forwarding|email|emailing|give|giving)\b[^.\n]{0,60}?\b(?:${PEOPLE_DATA}|data|dataset|dump|export|list)\b[^.\n]{0,40}?\b(?:with|to)\b[^.\n]{0,30}?\b(?:external|vendors?|contractors?|third[- ]part(?:y|ies)|partners?|agency|agencies|personal (?:email|account)|gmail)\b`,
        'i',
      ),
    ],
    narrative: true,
  },
  {
    id: 'data.prod-copy',
    category: 'data_exposure',
    severity: 'confirm',
    explanation: 'Copies production data to a less protected environment.',
    patterns: [
      /\b(?:copy|copying|clone|cloning|restore|restoring|sync|syncing|replicate|replicating|move|moving|dump|dumping|pull|pulling|load|loading|import|importing)\b[^.\n]{0,60}?\b(?:prod|production)\b[^.\n]{0,60}?\b(?:to|into|onto|on)\b[^.\n]{0,30}?\b(?:staging|stage|dev|development|test|qa|local|localhost|laptops?|personal|sandbox|your machine)\b/i,
      /\b(?:pg_dump|mysqldump|mongodump)\b[^\n`|]{0,200}?\bprod\w*\b[^\n`]{0,100}?\|\s*(?:psql|mysql|mongorestore)\b/i,
    ],
    narrative: true,
  },
  {
    id: 'data.public-resource',
    category: 'data_exposure',
    severity: 'confirm',
    explanation: 'Makes a dashboard, bucket or document public: anyone with the link can read it.',
    patterns: [
      /\b(?:make|making|set|setting|turn|turning|switch|switching|change|changing|mark|marking|flip|flipping)\b[^.\n]{0,40}?\b(?:dashboards?|buckets?|reports?|sheets?|spreadsheets?|docs?|documents?|folders?|notebooks?|repos?|repositories|boards?|links?|sites?|files?)\b[^.\n]{0,30}?\bpublic(?:ly)?\b/i,
      /\banyone with the link\b/i,
      /\bshar(?:e|ing)\b[^.\n]{0,40}?\bpublicly\b/i,
    ],
    narrative: true,
  },
];
