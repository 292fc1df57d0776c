/**
 * Parses a Slack HTTP delivery: slash commands are form fields, interactivity is a form field `payload` holding
 * JSON, and the Events API is JSON.
 */

export type SlackBody = Record<string, unknown>;

export type ParsedDelivery =
  | { kind: 'ssl_check' }
  | { kind: 'url_verification'; challenge: string }
  | { kind: 'payload'; body: SlackBody };

export class MalformedBodyError extends Error {
  override readonly name = 'MalformedBodyError';
}

export function isFormEncoded(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/**
 * ssl_check needs no signature; it is recognized before verification and causes nothing. Slack sends it as the
 * plain bytes `ssl_check=1`, so only a body holding them is parsed here, and every other delivery is parsed once,
 * after its signature is checked. (A percent-encoded variant is not recognized: it is then an unsigned delivery,
 * and refused.)
 */
export function isSslCheck(contentType: string | undefined, rawBody: Buffer): boolean {
  return (
    isFormEncoded(contentType) &&
    rawBody.includes('ssl_check=1') &&
    new URLSearchParams(rawBody.toString('utf8')).get('ssl_check') === '1'
  );
}

export function parseDelivery(contentType: string | undefined, rawBody: Buffer): ParsedDelivery {
  const text = rawBody.toString('utf8');
  let body: SlackBody;
  if (isFormEncoded(contentType)) {
    const form = new URLSearchParams(text);
    if (form.get('ssl_check') === '1') return { kind: 'ssl_check' };
    const payload = form.get('payload');
    body = payload !== null ? parseJsonObject(payload) : Object.fromEntries(form.entries());
  } else {
    body = parseJsonObject(text);
  }
  if (typeof body.type === 'string' && ACTED_BY_A_USER.has(body.type) && !hasUser(body)) {
    throw new MalformedBodyError(`a ${body.type} payload without a user`);
  }
  if (body.type === 'url_verification') {
    if (typeof body.challenge !== 'string')
      throw new MalformedBodyError('url_verification without a challenge');
    return { kind: 'url_verification', challenge: body.challenge };
  }
  return { kind: 'payload', body };
}

/** Interactive payloads that Slack always sends with the acting `user`: without one, nobody can be checked. */
const ACTED_BY_A_USER = new Set([
  'block_actions',
  'block_suggestion',
  'message_action',
  'shortcut',
  'view_submission',
  'view_closed',
]);

function hasUser(body: SlackBody): boolean {
  const user = body.user;
  return user !== null && typeof user === 'object' && typeof (user as { id?: unknown }).id === 'string';
}

function parseJsonObject(text: string): SlackBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedBodyError('the body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MalformedBodyError('the body is not a JSON object');
  }
  return value as SlackBody;
}
