/**
 * Mutation operators for signed webhook requests (Slack's HMAC, Discord's ed25519). Each operator starts from a
 * freshly and validly signed request and breaks it in one documented way; `Mutator.mutate` picks operators with a
 * seeded PRNG, composes some of them, and skips a result that the server would see as the original request.
 *
 * Operators and the status each one must get:
 * - 401: bit flips in the body, the signature and the timestamp; ±301 s (and more) of skew with a signature
 *   recomputed for the skewed timestamp; malformed timestamps; missing, duplicated, swapped and misnamed
 *   signature/timestamp headers; bodies re-encoded (percent-encoding, JSON whitespace, key order, escapes) under
 *   the original signature; truncated bodies; and compositions of these.
 * - 400: invalid JSON under a valid signature over that very body, with a fresh timestamp.
 * - 413: bodies over the endpoint's limit (validly signed, or not), with Content-Length or chunked.
 * Header order is shuffled on top of any of them ("reordered"): reordering alone changes nothing for HTTP.
 */
import type { HeaderLine, RawRequest } from './http.js';
import type { Random } from './random.js';

export interface SigningScheme {
  /** Header names as a platform writes them. */
  signatureHeader: string;
  timestampHeader: string;
  /** The signature of `body` at `timestamp` (the header value), as the platform computes it. */
  sign(timestamp: string, body: Buffer): string;
  /** Milliseconds since epoch on the app's clock. */
  nowMs(): number;
  /** The endpoint's body limit in bytes (larger bodies get 413). */
  bodyLimit: number;
  /** How the server compares signatures (Discord's hex is case-insensitive). */
  canonicalSignature(value: string): string;
}

/** `form`: form fields (slash commands); `form-payload`: a form field `payload` holding JSON; `json`: JSON. */
export type BodyFormat = 'form' | 'form-payload' | 'json';

export interface BaseRequest {
  kind: string;
  contentType: string;
  format: BodyFormat;
  body: string;
}

export interface Mutation {
  /** `operator:variant`, with `+operator…` for compositions and `+reordered` when header order was shuffled. */
  op: string;
  /** The operator family, for coverage counts. */
  family: string;
  kind: string;
  request: RawRequest;
  /** Acceptable HTTP statuses. */
  expect: readonly number[];
}

export function signedRequest(scheme: SigningScheme, base: BaseRequest, timestamp?: string): RawRequest {
  const ts = timestamp ?? String(Math.floor(scheme.nowMs() / 1000));
  const body = Buffer.from(base.body, 'utf8');
  return {
    headers: [
      ['Content-Type', base.contentType],
      [scheme.timestampHeader, ts],
      [scheme.signatureHeader, scheme.sign(ts, body)],
    ],
    body,
  };
}

// ── header helpers ─────────────────────────────────────────────────────────────────────────────────────────

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function headerValue(headers: readonly HeaderLine[], name: string): string | undefined {
  return headers.find(([n]) => same(n, name))?.[1];
}

function withHeader(headers: readonly HeaderLine[], name: string, value: string): HeaderLine[] {
  return headers.map(([n, v]): HeaderLine => (same(n, name) ? [n, value] : [n, v]));
}

function withoutHeader(headers: readonly HeaderLine[], name: string): HeaderLine[] {
  return headers.filter(([n]) => !same(n, name));
}

function insertAt(rng: Random, headers: readonly HeaderLine[], line: HeaderLine): HeaderLine[] {
  const out = [...headers];
  out.splice(rng.int(out.length + 1), 0, line);
  return out;
}

/** What the server sees: names case-folded, values trimmed, duplicates joined (Content-Type: the first one). */
function canonical(scheme: SigningScheme, request: RawRequest): string {
  const seen = new Map<string, string[]>();
  for (const [name, value] of request.headers) {
    const key = name.toLowerCase();
    seen.set(key, [...(seen.get(key) ?? []), value.trim()]);
  }
  const signature = seen.get(scheme.signatureHeader.toLowerCase())?.join(', ');
  return JSON.stringify([
    seen.get('content-type')?.[0]?.toLowerCase() ?? null,
    signature === undefined ? null : scheme.canonicalSignature(signature),
    seen.get(scheme.timestampHeader.toLowerCase())?.join(', ') ?? null,
    request.body.toString('base64'),
  ]);
}

// ── byte and text helpers ──────────────────────────────────────────────────────────────────────────────────

function flipBits(rng: Random, buffer: Buffer, count: number): Buffer {
  const out = Buffer.from(buffer);
  if (out.length === 0) return out;
  for (let i = 0; i < count; i++) {
    const at = rng.int(out.length);
    out[at] = (out[at] ?? 0) ^ (1 << rng.int(8));
  }
  return out;
}

/** Flips bits in a header value, keeping every character a printable ASCII one (valid in a header line). */
function flipTextBits(rng: Random, text: string, count: number): string {
  const chars = [...text];
  if (chars.length === 0) return text;
  for (let i = 0; i < count; i++) {
    for (let attempt = 0; attempt < 16; attempt++) {
      const at = rng.int(chars.length);
      const code = (chars[at] ?? 'a').charCodeAt(0) ^ (1 << rng.int(7));
      if (code > 0x20 && code < 0x7f) {
        chars[at] = String.fromCharCode(code);
        break;
      }
    }
  }
  return chars.join('');
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A copy of a JSON value with every object's keys in a random order. */
function shuffleKeys(rng: Random, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(rng, item));
  if (value !== null && typeof value === 'object') {
    const entries = rng.shuffle(Object.entries(value as Record<string, unknown>));
    return Object.fromEntries(entries.map(([key, item]) => [key, shuffleKeys(rng, item)]));
  }
  return value;
}

/** The same JSON value, written differently. */
function reserializeJson(rng: Random, text: string): { text: string; variant: string } {
  const value: unknown = JSON.parse(text);
  const variant = rng.pick([
    'indent',
    'tabs',
    'key-order',
    'escapes',
    'padding',
    'key-order+indent',
  ] as const);
  switch (variant) {
    case 'indent':
      return { text: JSON.stringify(value, null, 2), variant };
    case 'tabs':
      return { text: JSON.stringify(value, null, '\t'), variant };
    case 'key-order':
      return { text: JSON.stringify(shuffleKeys(rng, value)), variant };
    case 'escapes':
      // \u-escape letters inside strings: the same value, other bytes.
      return {
        text: JSON.stringify(value).replace(/"((?:[^"\\]|\\.)*)"/g, (_m, inner: string) => {
          const escaped = inner.replace(/[a-z]/g, (c) =>
            rng.chance(0.3) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c,
          );
          return `"${escaped}"`;
        }),
        variant,
      };
    case 'padding':
      return { text: ` ${JSON.stringify(value)}\n`, variant };
    case 'key-order+indent':
      return { text: JSON.stringify(shuffleKeys(rng, value), null, 1), variant };
  }
}

/** Percent-encodes every byte of a string. */
function encodeEveryByte(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
}

/** The same form fields, encoded differently. */
function reencodeForm(rng: Random, base: BaseRequest): { text: string; variant: string } {
  const entries = [...new URLSearchParams(base.body)];
  const variants = ['component', 'every-byte', 'lowercase-hex', 'field-order', 'trailing-amp'];
  if (base.format === 'form-payload') variants.push('inner-json');
  const variant = rng.pick(variants);
  switch (variant) {
    case 'component':
      return {
        text: entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
        variant,
      };
    case 'every-byte':
      return { text: entries.map(([k, v]) => `${k}=${encodeEveryByte(v)}`).join('&'), variant };
    case 'lowercase-hex':
      return { text: base.body.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()), variant };
    case 'field-order':
      return { text: new URLSearchParams(rng.shuffle(entries)).toString(), variant };
    case 'trailing-amp':
      return { text: `${base.body}&`, variant };
    default: {
      const payload = new URLSearchParams(base.body).get('payload') ?? '{}';
      const inner = reserializeJson(rng, payload);
      return {
        text: new URLSearchParams({ payload: inner.text }).toString(),
        variant: `inner-json-${inner.variant}`,
      };
    }
  }
}

/** JSON text that does not parse, derived from valid JSON `text`. */
function breakJson(rng: Random, text: string): { text: string; variant: string } {
  for (let attempt = 0; attempt < 32; attempt++) {
    const variant = rng.pick([
      'truncated',
      'dropped-char',
      'stray-char',
      'single-quotes',
      'trailing-comma',
      'garbage-after',
      'nan',
      'comment',
      'unquoted-key',
    ] as const);
    let broken: string;
    switch (variant) {
      case 'truncated':
        broken = text.slice(0, rng.between(1, Math.max(1, text.length - 1)));
        break;
      case 'dropped-char': {
        const structural = [...text.matchAll(/[{}[\]:,"]/g)].map((m) => m.index ?? 0);
        const at = structural.length > 0 ? rng.pick(structural) : 0;
        broken = text.slice(0, at) + text.slice(at + 1);
        break;
      }
      case 'stray-char': {
        const at = rng.int(text.length + 1);
        broken =
          text.slice(0, at) +
          rng.pick(['{', '}', '[', ']', ',', ':', '"', "'", '\\', '\u0001']) +
          text.slice(at);
        break;
      }
      case 'single-quotes':
        broken = text.replace(/"/, "'");
        break;
      case 'trailing-comma':
        broken = text.replace(/}\s*$/, ',}');
        break;
      case 'garbage-after':
        broken = text + rng.pick(['x', '}', ',', ' //', '\u0000', '{}']);
        break;
      case 'nan':
        broken = text.replace('{', '{"n":NaN,');
        break;
      case 'comment':
        broken = text.replace('{', '{/* draftgate */');
        break;
      case 'unquoted-key':
        broken = text.replace(/"([a-z_]+)":/, '$1:');
        break;
    }
    if (!isJson(broken)) return { text: broken, variant };
  }
  return { text: `${text.slice(0, -1)},`, variant: 'fallback' };
}

// ── operators ──────────────────────────────────────────────────────────────────────────────────────────────

interface OpContext {
  rng: Random;
  scheme: SigningScheme;
  base: BaseRequest;
}

type Step = { request: RawRequest; variant: string } | undefined;
type Operator = (ctx: OpContext, request: RawRequest) => Step;

const bodyBitflip: Operator = ({ rng }, request) => {
  const count = rng.between(1, 8);
  return { request: { ...request, body: flipBits(rng, request.body, count) }, variant: `${count}bit` };
};

const signatureBitflip: Operator = ({ rng, scheme }, request) => {
  const value = headerValue(request.headers, scheme.signatureHeader);
  if (value === undefined) return undefined;
  const count = rng.between(1, 3);
  const headers = withHeader(request.headers, scheme.signatureHeader, flipTextBits(rng, value, count));
  return { request: { ...request, headers }, variant: `${count}bit` };
};

const timestampBitflip: Operator = ({ rng, scheme }, request) => {
  const value = headerValue(request.headers, scheme.timestampHeader);
  if (value === undefined) return undefined;
  const count = rng.between(1, 2);
  const headers = withHeader(request.headers, scheme.timestampHeader, flipTextBits(rng, value, count));
  return { request: { ...request, headers }, variant: `${count}bit` };
};

/**
 * ±301 s (mostly exactly, sometimes far more), with the signature recomputed for the skewed timestamp. Timestamps
 * are whole seconds, rounded away from now. A request dated in the future gets closer to the window while it
 * travels, so those carry 2 s more: a request delayed by a loaded machine must never arrive inside the window,
 * where it would rightly be valid. Past-dated requests only move further out.
 */
const skew: Operator = ({ rng, scheme }, request) => {
  const sign = rng.chance(0.5) ? -1 : 1;
  const seconds = rng.chance(0.7) ? 301 : rng.between(302, 30 * 86_400);
  const nowSec = scheme.nowMs() / 1000;
  const ts = String(sign > 0 ? Math.ceil(nowSec) + seconds + 2 : Math.floor(nowSec) - seconds);
  let headers = withHeader(request.headers, scheme.timestampHeader, ts);
  headers = withHeader(headers, scheme.signatureHeader, scheme.sign(ts, request.body));
  return {
    request: { ...request, headers },
    variant: `${sign > 0 ? '+' : '-'}${seconds === 301 ? '301' : 'far'}`,
  };
};

const timestampGarbage: Operator = ({ rng, scheme }, request) => {
  const ts =
    headerValue(request.headers, scheme.timestampHeader) ?? String(Math.floor(scheme.nowMs() / 1000));
  const choices: [string, string][] = [
    ['empty', ''],
    ['zero', '0'],
    ['negative', `-${ts}`],
    ['fraction', `${ts}.0`],
    ['times-ten', `${ts}0`],
    ['exponent', '1.7e9'],
    ['hex', `0x${Number(ts).toString(16)}`],
    ['nan', 'NaN'],
    ['thirteen-digits', '9'.repeat(13)],
    ['inner-space', `${ts.slice(0, 4)} ${ts.slice(4)}`],
    ['plus', `+${ts}`],
    ['milliseconds', `${ts}000`],
    ['list', `${ts},${ts}`],
  ];
  const [variant, value] = rng.pick(choices);
  let headers = withHeader(request.headers, scheme.timestampHeader, value);
  // Half of the time the signature is even recomputed over the malformed timestamp.
  const resigned = rng.chance(0.5);
  if (resigned) headers = withHeader(headers, scheme.signatureHeader, scheme.sign(value, request.body));
  return { request: { ...request, headers }, variant: `${variant}${resigned ? '-resigned' : ''}` };
};

const headerMissing: Operator = ({ rng, scheme }, request) => {
  const variant = rng.pick(['signature', 'timestamp', 'both'] as const);
  let headers = [...request.headers];
  if (variant !== 'timestamp') headers = withoutHeader(headers, scheme.signatureHeader);
  if (variant !== 'signature') headers = withoutHeader(headers, scheme.timestampHeader);
  return { request: { ...request, headers }, variant };
};

const headerDuplicate: Operator = ({ rng, scheme }, request) => {
  const signature = headerValue(request.headers, scheme.signatureHeader);
  const timestamp = headerValue(request.headers, scheme.timestampHeader);
  if (signature === undefined || timestamp === undefined) return undefined;
  const variant = rng.pick([
    'signature-twice',
    'signature-plus-forged',
    'timestamp-twice',
    'timestamp-plus-skewed',
    'both-twice',
  ] as const);
  let headers = [...request.headers];
  const sigName = rng.chance(0.5) ? scheme.signatureHeader : scheme.signatureHeader.toLowerCase();
  const tsName = rng.chance(0.5) ? scheme.timestampHeader : scheme.timestampHeader.toLowerCase();
  switch (variant) {
    case 'signature-twice':
      headers = insertAt(rng, headers, [sigName, signature]);
      break;
    case 'signature-plus-forged':
      headers = insertAt(rng, headers, [sigName, flipTextBits(rng, signature, 1)]);
      break;
    case 'timestamp-twice':
      headers = insertAt(rng, headers, [tsName, timestamp]);
      break;
    case 'timestamp-plus-skewed': {
      const skewed = String(Number(timestamp) + (rng.chance(0.5) ? 303 : -301));
      headers = insertAt(rng, headers, [tsName, skewed]);
      if (rng.chance(0.5)) headers = insertAt(rng, headers, [sigName, scheme.sign(skewed, request.body)]);
      break;
    }
    case 'both-twice':
      headers = insertAt(rng, insertAt(rng, headers, [sigName, signature]), [tsName, timestamp]);
      break;
  }
  return { request: { ...request, headers }, variant };
};

const headerSwap: Operator = ({ scheme }, request) => {
  const signature = headerValue(request.headers, scheme.signatureHeader);
  const timestamp = headerValue(request.headers, scheme.timestampHeader);
  if (signature === undefined || timestamp === undefined) return undefined;
  let headers = withHeader(request.headers, scheme.signatureHeader, timestamp);
  headers = withHeader(headers, scheme.timestampHeader, signature);
  return { request: { ...request, headers }, variant: 'values' };
};

const headerRenamed: Operator = ({ rng, scheme }, request) => {
  const which = rng.pick([scheme.signatureHeader, scheme.timestampHeader]);
  const rename = rng.pick([
    (n: string) => `${n}s`,
    (n: string) => n.slice(0, -1),
    (n: string) => n.replaceAll('-', '_'),
    (n: string) => `X-Forwarded-${n}`,
    (n: string) => n.replace(/-/, ''),
  ]);
  const renamed = rename(which);
  if (same(renamed, which)) return undefined;
  const headers = request.headers.map(([n, v]): HeaderLine => (same(n, which) ? [renamed, v] : [n, v]));
  return { request: { ...request, headers }, variant: renamed.toLowerCase() };
};

/** The same content, encoded differently, under the original signature. */
const reencode: Operator = ({ rng, base }, request) => {
  // Re-encoding applies to the base body; if an earlier step changed the body, encode that one's text instead.
  const text = request.body.toString('utf8');
  const source: BaseRequest = { ...base, body: text };
  let result: { text: string; variant: string };
  if (base.format === 'json') {
    if (!isJson(text)) return undefined;
    result = reserializeJson(rng, text);
  } else {
    if (base.format === 'form-payload' && !isJson(new URLSearchParams(text).get('payload') ?? ''))
      return undefined;
    result = reencodeForm(rng, source);
  }
  return { request: { ...request, body: Buffer.from(result.text, 'utf8') }, variant: result.variant };
};

const truncate: Operator = ({ rng }, request) => {
  const length = rng.chance(0.1) ? 0 : rng.int(Math.max(1, request.body.length));
  return {
    request: { ...request, body: request.body.subarray(0, length) },
    variant: length === 0 ? 'empty' : 'cut',
  };
};

const FAMILY_401: readonly (readonly [number, string, Operator])[] = [
  [12, 'body-bitflip', bodyBitflip],
  [10, 'signature-bitflip', signatureBitflip],
  [8, 'timestamp-bitflip', timestampBitflip],
  [10, 'skew', skew],
  [5, 'timestamp-garbage', timestampGarbage],
  [8, 'header-missing', headerMissing],
  [8, 'header-duplicate', headerDuplicate],
  [4, 'header-swap', headerSwap],
  [4, 'header-renamed', headerRenamed],
  [10, 'reencode', reencode],
  [4, 'truncate', truncate],
];

/** Invalid JSON under a valid signature over exactly that body, with a fresh timestamp. */
function invalidJson(ctx: OpContext): { request: RawRequest; variant: string } {
  const { rng, scheme, base } = ctx;
  let body: string;
  let variant: string;
  if (base.format === 'json') {
    ({ text: body, variant } = breakJson(rng, base.body));
  } else if (base.format === 'form-payload') {
    const payload = new URLSearchParams(base.body).get('payload') ?? '{}';
    const broken = breakJson(rng, payload);
    body = new URLSearchParams({ payload: broken.text }).toString();
    variant = `payload-${broken.variant}`;
  } else {
    // Form fields carry no JSON; a `payload` field with broken JSON is what a parser would choke on.
    const broken = breakJson(rng, JSON.stringify(Object.fromEntries(new URLSearchParams(base.body))));
    body = `${base.body}&${new URLSearchParams({ payload: broken.text }).toString()}`;
    variant = `form-payload-${broken.variant}`;
  }
  return { request: signedRequest(scheme, { ...base, body }), variant };
}

/** Padding buffers reused across oversized mutations (they are large). */
const paddings = new Map<string, Buffer>();
function padding(char: string, length: number): Buffer {
  let buffer = paddings.get(char);
  if (!buffer || buffer.length < length) {
    buffer = Buffer.alloc(Math.max(length, buffer?.length ?? 0), char);
    paddings.set(char, buffer);
  }
  return buffer.subarray(0, length);
}

/** A body over the limit: still a valid request in every other way when `signed`, so only the limit refuses it. */
function oversized(ctx: OpContext): { request: RawRequest; variant: string } {
  const { rng, scheme, base } = ctx;
  const original = Buffer.from(base.body, 'utf8');
  const extra = scheme.bodyLimit - original.length + rng.between(1, 64 * 1024);
  const body =
    base.format === 'json'
      ? Buffer.concat([original, padding(' ', extra)])
      : Buffer.concat([original, Buffer.from('&pad='), padding('x', extra)]);
  const signing = rng.pick(['signed', 'original-signature', 'unsigned'] as const);
  const valid = signedRequest(scheme, base);
  let headers: HeaderLine[] = [...valid.headers];
  if (signing === 'signed') {
    const ts = String(Math.floor(scheme.nowMs() / 1000));
    headers = withHeader(
      withHeader(headers, scheme.timestampHeader, ts),
      scheme.signatureHeader,
      scheme.sign(ts, body),
    );
  } else if (signing === 'unsigned') {
    headers = withoutHeader(withoutHeader(headers, scheme.signatureHeader), scheme.timestampHeader);
  }
  const chunked = rng.chance(0.5);
  return { request: { headers, body, chunked }, variant: `${signing}-${chunked ? 'chunked' : 'length'}` };
}

export interface MutatorOptions {
  scheme: SigningScheme;
  /** Relative weight of oversized bodies (costly for large limits); the 401 family weighs about 83 in total. */
  oversizedWeight: number;
  invalidJsonWeight?: number;
  compoundWeight?: number;
}

export class Mutator {
  readonly skipped = new Map<string, number>();

  constructor(private readonly options: MutatorOptions) {}

  /**
   * A mutation of a freshly signed `base`, or undefined when the result is what the server would see as valid.
   * Give each mutation its own Random (derived from the seed and its index) so that a run reproduces even though
   * how many numbers an operator draws depends on the content (ids differ from run to run).
   */
  mutate(base: BaseRequest, rng: Random): Mutation | undefined {
    const { options } = this;
    const { scheme } = options;
    const ctx: OpContext = { rng, scheme, base };
    const valid = signedRequest(scheme, base);
    const family = rng.weighted<string>([
      ...FAMILY_401.map(([weight, name]) => [weight, name] as const),
      [options.invalidJsonWeight ?? 8, 'invalid-json'],
      [options.compoundWeight ?? 8, 'compound'],
      [options.oversizedWeight, 'oversized'],
    ]);
    let op: string;
    let request: RawRequest;
    let expect: readonly number[];
    if (family === 'invalid-json') {
      const step = invalidJson(ctx);
      ({ request } = step);
      op = `invalid-json:${step.variant}`;
      expect = [400];
    } else if (family === 'oversized') {
      const step = oversized(ctx);
      ({ request } = step);
      op = `oversized:${step.variant}`;
      expect = [413];
    } else {
      const chain =
        family === 'compound'
          ? Array.from({ length: rng.between(2, 3) }, () => rng.pick(FAMILY_401))
          : FAMILY_401.filter(([, name]) => name === family);
      request = valid;
      const names: string[] = [];
      for (const [, name, operator] of chain) {
        const step = operator(ctx, request);
        if (!step) continue;
        request = step.request;
        names.push(`${name}:${step.variant}`);
      }
      if (names.length === 0) return this.#skip(family);
      op = names.join('+');
      expect = [401];
    }
    if (rng.chance(0.3)) {
      request = { ...request, headers: rng.shuffle(request.headers) };
      op += '+reordered';
    }
    if (canonical(scheme, request) === canonical(scheme, valid)) return this.#skip(family);
    return { op, family, kind: base.kind, request, expect };
  }

  #skip(family: string): undefined {
    this.skipped.set(family, (this.skipped.get(family) ?? 0) + 1);
    return undefined;
  }
}

/** The families a run must have covered (every operator named in the issue). */
export const FAMILIES = [
  ...FAMILY_401.map(([, name]) => name),
  'invalid-json',
  'compound',
  'oversized',
] as const;
