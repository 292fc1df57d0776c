/**
 * Moving user data where it does not belong: exports and copies of production to personal places, sharing outside,
 * pasting query results or personal data into the chat, tunnels that put an internal service on the internet.
 * Default `confirm`.
 */
import { inTestSetup, lineAt, onRemovedSide } from './match-context.js';
import { confirmRules, type MatchContext, type PatternRule } from './rule.js';

const PEOPLE_DATA =
  '(?:users?|customers?|clients?|pii|personal data|user data|customer data|email addresses|emails|accounts?|patients?|members?|employees?|profiles?|subscribers?|payments?|card data|orders|prod(?:uction)? data|the (?:export|dump|results|rows|records|data ?set|table))';
const PERSONAL_PLACE =
  '(?:csv|spreadsheets?|google sheets?|excel|xlsx|laptops?|desktop|downloads|dropbox|personal|gmail|hotmail|yahoo|icloud|onedrive|google drive|my drive|usb|thumb drive|pastebin|gist|home (?:dir|directory|folder)|~\\/|your machine|local machine|chatgpt|notion)';

const rule = confirmRules('data_exposure', { always: (_match, context) => !onRemovedSide(context) });

const DB_OR_ADMIN_PORT =
  /^(?:22|23|25|135|139|445|1433|1521|2375|2379|3306|3389|5432|5601|5672|5900|5984|6379|6443|7000|7001|8086|8500|9000|9042|9090|9092|9200|9300|10250|11211|15672|27017|28017|50070)$/;

function tunnelsInternal(match: string, context: MatchContext): boolean {
  const port = /(?:^|[\s:])(\d{2,5})\b(?!.*\d{2,5}\b)/.exec(match.replace(/https?:\/\//, ''))?.[1];
  if (port && DB_OR_ADMIN_PORT.test(port)) return true;
  if (/\b(?:tcp|tls)\b/.test(match)) return true;
  const host =
    /(?:https?:\/\/)?([a-z][\w.-]*\.[a-z][\w.-]*|[a-z][\w-]*-(?:db|admin|internal|prod)[\w-]*)(?::\d+)?/i.exec(
      match.replace(/^(?:ngrok|cloudflared|lt|localtunnel)\b[^\s]*\s+\w*\s*/, ''),
    )?.[1];
  if (host && !/^(?:localhost|127\.0\.0\.1)/.test(host)) return true;
  return /\b(?:internal|prod(?:uction)?|admin|database|db|grafana|kibana|jenkins|dashboard|metabase|redash|vault|consul|etcd|intranet|staging)\b/i.test(
    lineAt(context.text, context.start),
  );
}

export const DATA_EXPOSURE_RULES: readonly PatternRule[] = [
  rule(
    'data.export-user-data',
    'Copies user or production data to a personal or unmanaged place: check who will hold the copy.',
    [
      new RegExp(
        String.raw`\b(?:export|dump|download|extract|pull|copy|save|upload|send|email|sync|move|forward|store|put)\w*\b[^.\n]{0,60}?\b${PEOPLE_DATA}\b[^.\n]{0,60}?\b${PERSONAL_PLACE}`,
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
      /\b(?:aws\s+s3\s+(?:cp|sync)|gsutil\s+(?:-m\s+)?(?:cp|rsync)|gcloud\s+storage\s+(?:cp|rsync)|azcopy\s+copy|rclone\s+(?:copy|sync)|scp|rsync|kubectl\s+cp)\s+[^\n`]*?\b(?:prod|production|customer|pii|users|patients|payments|backup|export)[\w./-]*[^\n`]*?\s+["']?(?:\.\/?[\w./-]*|~\/[^\s]*|\/Users\/[^\s]*|\/home\/[^\s]*|[\w./-]*(?:Downloads|Desktop|personal|my-|laptop)[\w./-]*|s3:\/\/(?:my|personal|tmp|[\w-]*-personal)[\w./-]*|gs:\/\/(?:my|personal)[\w./-]*)["']?(?:\s|$)/im,
    ],
    (_match, context) => !inTestSetup(context) || /\bprod/i.test(lineAt(context.text, context.start)),
  ),
  rule(
    'data.share-external',
    'Shares data with people outside the company: check that they are allowed to see it.',
    [
      new RegExp(
        String.raw`\b(?:share|sharing|send|sending|forward|forwarding|email|emailing|give|giving|upload|uploading|hand)\b[^.\n]{0,60}?\b(?:${PEOPLE_DATA}|data|dataset|dump|export|list|logs with)\b[^.\n]{0,40}?\b(?:with|to)\b[^.\n]{0,30}?\b(?:external|vendors?|contractors?|third[- ]part(?:y|ies)|partners?|agency|agencies|personal (?:email|account)|gmail|consultants?|freelancers?|the client)\b`,
        'i',
      ),
    ],
  ),
  rule(
    'data.prod-copy',
    'Copies production data to a less protected environment.',
    [
      /\b(?:copy|copying|clone|cloning|restore|restoring|sync|syncing|replicate|replicating|move|moving|dump|dumping|pull|pulling|load|loading|import|importing)\b[^.\n]{0,60}?\b(?:prod|production)\b[^.\n]{0,60}?\b(?:to|into|onto|on)\b[^.\n]{0,30}?\b(?:staging|stage|dev|development|test|qa|local|localhost|laptops?|personal|sandbox|your machine)\b/i,
      /\b(?:pg_dump|mysqldump|mongodump)\b[^\n`|]{0,200}?\bprod\w*\b[^\n`]{0,100}?\|\s*(?:psql|mysql|mongorestore)\b/i,
      /\b(?:pg_dump|pg_dumpall|mysqldump|mongodump)\b[^\n`]{0,200}?\bprod\w*\b[^\n`]{0,100}?(?:>|--file[= ]|--out[= ]|\s-f\s)\s*["']?(?:~|\.\/|\/tmp|\/Users|\/home|[\w-]+\.(?:sql|dump|gz|bak|archive)\b)/i,
    ],
    (_match, context) =>
      !/\b(?:anonymi[sz]\w*|masked|scrubbed|synthetic|pseudonymi[sz]\w*|redacted|sanitiz\w*)\b/i.test(
        lineAt(context.text, context.start),
      ),
  ),
  rule(
    'data.paste-results',
    'Asks for query results or personal data to be pasted into the chat, where everyone in it can read them.',
    [
      /\b(?:paste|post|share|drop|dump|send|put|upload)\b[^.\n]{0,50}?\b(?:query results?|the results?|the output|the rows|the records|full (?:rows|records|table|export)|customer (?:list|records|rows|details)|user (?:list|records|rows|details)|their (?:emails?|phone numbers?|addresses)|the (?:csv|export|dump)|pii|personal (?:data|details|info)|emails? and (?:phone|names?|addresses))\b[^.\n]{0,40}?\b(?:here|in (?:this|the) (?:thread|channel|chat|dm)|in #[\w-]+|into (?:slack|discord|the channel|the thread|this thread)|in slack|in discord|to (?:the|this) (?:channel|thread))\b/i,
      /\b(?:paste|post|share|drop|dump)\b[^.\n]{0,30}?\b(?:the\s+)?(?:full\s+|whole\s+|complete\s+)?(?:output|results?|rows)\s+of\s+`?SELECT\b[^\n]{0,160}?\b(?:here|in(?:to)? (?:this|the) (?:thread|channel|chat)|in #[\w-]+)\b/i,
      /\b(?:SELECT\s+\*\s+FROM\s+(?:users|customers|patients|accounts|members|employees|payments)\b)[^;\n]{0,120}?[^\n]{0,60}\b(?:paste|post|share)\b[^.\n]{0,40}\b(?:here|thread|channel)\b/i,
    ],
  ),
  rule(
    'data.tunnel',
    'Exposes an internal service to the internet through a tunnel or an all-interfaces forward.',
    [
      /\b(?:ngrok|cloudflared\s+tunnel|lt|localtunnel|bore|pinggy|serveo)\s+(?:(?:http|tcp|tls|local|--url|--port|-p)\s*[= ]?\s*)+[^\s`]+/,
      /\bkubectl\s+port-forward\b[^\n`]*--address[= ](?:0\.0\.0\.0|::|\*)[^\n`]*/,
      /\bssh\s+[^\n`]*-R\s+(?:0\.0\.0\.0|\*):\d+[^\n`]*|\bGatewayPorts\s+(?:yes|clientspecified)\b/,
      /\bsocat\s+TCP4?-LISTEN:\d+[^\s`]*fork[^\s`]*\s+TCP4?:[^\s`]+/,
      /\b(?:expose|exposing|open|opening)\b[^.\n]{0,40}?\b(?:internal|prod(?:uction)?|admin|database|db|grafana|kibana|jenkins|metabase)\b[^.\n]{0,40}?\b(?:via|with|through|using)\s+(?:ngrok|cloudflared|a tunnel|localtunnel)\b/i,
    ],
    (match, context) =>
      !/^(?:ngrok|cloudflared|lt|localtunnel|bore|pinggy|serveo)\b/.test(match) ||
      tunnelsInternal(match, context),
  ),
];
