/**
 * Making things reachable by anyone: public buckets and containers (and Block Public Access turned off), link
 * sharing, inbound firewall and security-group rules open to the world. Default `confirm`. Egress rules, deny rules,
 * the removed side of a change and web ports on a load balancer stay quiet.
 */
import { permissionRule, widens } from './access-rules.js';
import { blockAround, DENY_STATEMENT, lineAt, sentenceAround } from './match-context.js';
import type { MatchContext, PatternRule } from './rule.js';

const rule = permissionRule;

const dataRule = (...args: Parameters<typeof rule>): PatternRule => ({
  ...rule(...args),
  category: 'data_exposure',
});

/** The traffic direction that governs a match: said on its line, or by the nearest `ingress`/`egress` above it. */
function direction(context: MatchContext): 'ingress' | 'egress' {
  const line = lineAt(context.text, context.start);
  if (
    /\begress\b|outbound|--direction[= ]["']?(?:egress|out)|--destination-ranges|destination_address_prefix|authorize-security-group-egress/i.test(
      line,
    )
  )
    return 'egress';
  if (
    /\bingress\b|inbound|authorize-security-group-ingress|--source-ranges|source_address_prefix/i.test(line)
  )
    return 'ingress';
  const above = context.text.slice(Math.max(0, context.start - 600), context.start);
  let last: 'ingress' | 'egress' = 'ingress';
  for (const match of above.matchAll(
    /\b(ingress|egress|inbound|outbound|direction["']?\s*[:=]\s*["']?(?:EGRESS|INGRESS))\b/gi,
  )) {
    last = /egress|outbound/i.test(match[1] ?? '') ? 'egress' : 'ingress';
  }
  return last;
}

/** Only web ports (80/443) in the rule: a public load balancer, not an open database or SSH. */
function onlyWebPorts(context: MatchContext): boolean {
  const block = blockAround(context, 400);
  const ports = [
    ...block.matchAll(
      /(?:port|ports|from_port|to_port|destination_port_range|destination-port-ranges|--port|tcp:|--allow[= ]tcp:)["'\s=:[]*(\d{1,5})(?:-(\d{1,5}))?/gi,
    ),
  ].flatMap((match) => [match[1], match[2]].filter((value): value is string => value !== undefined));
  return ports.length > 0 && ports.every((port) => port === '80' || port === '443' || port === '8443');
}

/** A cloud CLI that only reads (`… firewall-rules list --filter=…0.0.0.0/0`, `describe-security-groups`). */
const READ_ONLY_COMMAND =
  /\b(?:gcloud|aws|az|gsutil|kubectl)\b[^\n|]*?\s(?:list|describe|get|show|describe-[\w-]+|get-[\w-]+|list-[\w-]+)(?:\s|$)/;

function opensToWorld(context: MatchContext): boolean {
  if (!widens(context) || direction(context) === 'egress') return false;
  if (READ_ONLY_COMMAND.test(lineAt(context.text, context.start))) return false;
  if (
    DENY_STATEMENT.test(blockAround(context, 400)) ||
    /--access[= ]["']?Deny|access\s*=\s*"Deny"/i.test(blockAround(context, 400))
  )
    return false;
  const near = blockAround(context, 300);
  // A default route or a NAT gateway sends traffic out; it admits nothing in.
  if (
    /\b(?:aws_route\b|route_table|destination_cidr_block|gateway_id|nat_gateway|ip route|default route|next_hop|routes?:)/i.test(
      near,
    )
  )
    return false;
  return !onlyWebPorts(context);
}

export const PUBLIC_ACCESS_RULES: readonly PatternRule[] = [
  rule(
    'permission.public-acl',
    'Makes a bucket, container or object public: anyone can read it.',
    [
      /\bpublic-read(?:-write)?\b/,
      /\bauthenticated-read\b/,
      /["']?(?:BlockPublicAcls|BlockPublicPolicy|IgnorePublicAcls|RestrictPublicBuckets)["']?\s*[:=]\s*["']?false\b/i,
      /\b(?:block_public_acls|block_public_policy|ignore_public_acls|restrict_public_buckets)\s*=\s*false\b/,
      /\bdelete-public-access-block\b/,
      /--public-access[= ]["']?(?:blob|container)\b/,
      /\ballow[-_]blob[-_]public[-_]access["']?\s*[:= ]\s*["']?true\b/i,
      /\ballow_nested_items_to_be_public\s*=\s*true\b/,
      /\bcontainer_access_type\s*=\s*"(?:blob|container)"/,
      /"publicAccess"\s*:\s*"(?:Blob|Container)"/,
      /\bpublic_access_prevention\s*=\s*"inherited"|--no-public-access-prevention\b|--public-access-prevention[= ]inherited\b/,
      /\b(?:turn(?:ing)?|switch(?:ing)?)\s+off\s+(?:the\s+)?(?:S3\s+)?Block Public Access\b|\b(?:disable|disabling|remove|removing|uncheck|unchecking)\s+(?:the\s+)?(?:S3\s+)?["']?Block (?:all )?Public Access\b/i,
      /\b(?:make|making|set|setting|turn|turning|switch|switching|change|changing|mark|marking|flip|flipping|configure)\b[^.\n]{0,40}?\b(?:buckets?|containers?|blobs?|objects?|s3|gcs|storage account)\b[^.\n]{0,40}?\b(?:public(?:ly readable)?|world[- ]readable)\b/i,
    ],
    (match, context) => {
      if (/^(?:turn|switch|disable|remove|uncheck)/i.test(match))
        return !/\b(?:back on|re-?enable)\b/i.test(sentenceAround(context));
      return widens(context);
    },
  ),
  dataRule(
    'data.public-resource',
    'Shares by link with everyone (or everyone at the company): check what the document holds.',
    [
      /\banyone (?:at|in|from|within) [\w&.-]+(?: \w+)? with the link\b/i,
      /\banyone with (?:the|a) link\b/i,
      /\b(?:share|sharing|shared|publish|publishing)\b[^.\n]{0,40}?\b(?:publicly|with everyone|to the web|on the web|with the whole (?:company|org|organization|domain))\b/i,
      /\b(?:make|making|set|setting|turn|turning|switch|switching|change|changing|mark|marking|flip|flipping)\b[^.\n]{0,40}?\b(?:dashboards?|reports?|sheets?|spreadsheets?|docs?|documents?|folders?|notebooks?|boards?|links?|sites?|files?|drives?|recordings?|pages?)\b[^.\n]{0,30}?\bpublic(?:ly)?\b/i,
      /\bgeneral access\b[^.\n]{0,30}?\b(?:anyone|public)\b/i,
      /\bvisible to (?:everyone|anyone|the whole (?:company|org))\b/i,
    ],
    (_match, context) =>
      widens(context) &&
      !/\b(?:restricted|specific people|only (?:people|members)|invite-only|private)\b[^.\n]{0,20}$/i.test(
        sentenceAround(context).slice(-60),
      ),
  ),
  rule(
    'permission.open-ingress',
    'Opens inbound network access to the whole internet: check the port and the service behind it.',
    [
      /(?<![\d.])0\.0\.0\.0\/0\b/,
      /(?<![\w:])::\/0\b/,
      /(?:--source-address-prefix(?:es)?|source_address_prefix|sourceAddressPrefix["']?\s*:)\s*[=:]?\s*["']?(?:\*|Internet|Any)["']?/,
      /\bopen(?:ing|s)?\b[^.\n]{0,40}?\b(?:port|ports|ssh|rdp|\d{2,5})\b[^.\n]{0,40}?\bto\s+(?:the\s+)?(?:world|internet|everyone|anyone|anywhere|public)\b/i,
      /\ballow\b[^.\n]{0,30}?\b(?:all|any)\s+(?:inbound|incoming)\s+(?:traffic|connections)\b/i,
    ],
    (_match, context) => opensToWorld(context),
  ),
];
