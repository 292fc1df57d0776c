/**
 * Links whose visible text names a different site than the one they open: Slack `<https://evil|https://good>`,
 * Markdown `[good.example](https://evil.example)` and HTML anchors. Default `confirm`.
 */
import type { RawFinding } from './rule.js';

export const DISGUISED_LINK_RULE = 'link.disguised';

/** Each shape with a literal every match of it contains: a text without it is not scanned for that shape. */
const LINK_SHAPES: readonly { shape: RegExp; needs: string }[] = [
  // Slack mrkdwn: <target|label>
  { shape: /<((?:https?|ftp|javascript|data):[^|>\s]+)\|([^>]+)>/gi, needs: '|' },
  // Markdown: [label](target "title")
  { shape: /\[([^\]\n]{1,300})\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, needs: '](' },
  // HTML: <a href="target">label</a>
  { shape: /<a\s[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>([\s\S]{1,300}?)<\/a>/gi, needs: '<' },
];

export function scanDisguisedLinks(text: string): RawFinding[] {
  const findings: RawFinding[] = [];
  LINK_SHAPES.forEach(({ shape, needs }, index) => {
    if (!text.includes(needs)) return;
    const regex = new RegExp(shape.source, shape.flags);
    for (const match of text.matchAll(regex)) {
      // Slack and HTML put the target first; Markdown puts the label first.
      const [target, label] =
        index === 1 ? [match[2] ?? '', match[1] ?? ''] : [match[1] ?? '', match[2] ?? ''];
      const shown = hostOfLabel(label);
      if (shown === undefined) continue;
      const actual = hostOfTarget(target);
      if (actual !== undefined && sameSite(shown, actual)) continue;
      findings.push({
        rule: DISGUISED_LINK_RULE,
        category: 'disguised_link',
        severity: 'confirm',
        explanation: `The link text shows ${shown} but the link opens ${actual ?? `a ${schemeOf(target)} link`}.`,
        start: match.index,
        end: match.index + match[0].length,
        matchStart: match.index,
      });
    }
  });
  return findings;
}

/** The host a label presents: a URL (`https://good.example/x`) or a bare domain (`good.example`). */
function hostOfLabel(label: string): string | undefined {
  const trimmed = label.trim().replace(/^[`*_~]+|[`*_~]+$/g, '');
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^\s/]+\.[a-z]{2,}(?:[:/?#]|$)/i.test(candidate)) return undefined;
  if (/\s/.test(trimmed)) return undefined;
  const host = hostOfTarget(candidate);
  // A bare `config.ts` or `README.md` is a file name, not a site (even where the extension is also a TLD).
  const bare = candidate !== trimmed && !trimmed.includes('/') && !/^www\./i.test(trimmed);
  if (bare && FILE_EXTENSIONS.has(host?.split('.').pop() ?? '')) return undefined;
  return host;
}

const FILE_EXTENSIONS = new Set(
  'md mdx txt py ts tsx js jsx mjs cjs sh rs go rb pl php cs cpp hpp java kt swift json yaml yml toml ini cfg conf lock log sql html htm css scss xml csv pdf png jpg gif svg zip gz tar'.split(
    ' ',
  ),
);

function hostOfTarget(target: string): string | undefined {
  try {
    const url = new URL(target.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'ftp:') return undefined;
    return normalizeHost(url.hostname);
  } catch {
    return undefined;
  }
}

function schemeOf(target: string): string {
  return /^([a-z][a-z0-9+.-]*):/i.exec(target.trim())?.[1]?.toLowerCase() ?? 'malformed';
}

function normalizeHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');
}

/** The same host, or one a subdomain of the other (`example.com` and `docs.example.com`). */
function sameSite(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

export const LINK_TRICK_RULE = 'link.deceptive-host';

// A URL as written in the draft (non-ASCII hosts included).
const URL_AS_WRITTEN = /\b(?:https?|ftp):\/\/([^\s/?#<>()[\]"'`|]+)/giu;
const CONFUSABLE_SCRIPTS =
  /[\u0370-\u03FF\u0400-\u04FF\u0500-\u052F\u0530-\u058F\u13A0-\u13FF\u1D00-\u1D7F\uA640-\uA69F\u0250-\u02AF]/u;

/**
 * Links whose address deceives: `https://trusted.example@203.0.113.5/` (everything before `@` is a user name, the
 * site is what follows), hosts spelled with Cyrillic or Greek look-alikes or mixing scripts, punycode (`xn--`) hosts.
 */
export function scanLinkTricks(text: string): RawFinding[] {
  const findings: RawFinding[] = [];
  // Every URL_AS_WRITTEN match holds `://`.
  if (!text.includes('://')) return findings;
  for (const match of text.matchAll(URL_AS_WRITTEN)) {
    const authority = match[1] ?? '';
    const at = authority.lastIndexOf('@');
    const userinfo = at === -1 ? '' : authority.slice(0, at);
    const host = (at === -1 ? authority : authority.slice(at + 1))
      .replace(/:\d+$/, '')
      .replace(/[.,;:!?]+$/, '');
    let explanation: string | undefined;
    if (userinfo && /[a-z0-9-]+\.[a-z]{2,}/i.test(userinfo.split(':')[0] ?? '')) {
      explanation = `The link looks like ${userinfo.split(':')[0]} but opens ${host}: everything before "@" is only a user name.`;
    } else if (CONFUSABLE_SCRIPTS.test(host)) {
      explanation = `The link's host ${host} is spelled with look-alike letters from another script: it is not the site it resembles.`;
    } else if (/(?:^|\.)xn--/i.test(host)) {
      explanation = `The link's host ${host} is an internationalized (punycode) name: check it is the site you expect.`;
    }
    if (explanation === undefined) continue;
    findings.push({
      rule: LINK_TRICK_RULE,
      category: 'disguised_link',
      severity: 'confirm',
      explanation,
      start: match.index,
      end: match.index + match[0].length,
      matchStart: match.index,
    });
  }
  return findings;
}
