/**
 * Personal data pasted into the draft itself: a list of people's email addresses or phone numbers, card numbers
 * (Luhn-checked), social security numbers, IBANs. Publishing it shows it to everyone in the channel. Default
 * `confirm`. One address in a sentence ("write to support@…") is no list; documentation domains are no people.
 */
import type { RawFinding } from './rule.js';

const EMAIL = /\b[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}\b/g;
const DOC_DOMAIN =
  /@(?:example\.(?:com|org|net)|[\w-]+\.example|[\w.-]*\.(?:test|invalid|local|localhost|internal)|acme\.(?:com|corp|test)|company\.com|domain\.com|email\.com|users\.noreply\.github\.com|noreply\.[\w.]+)$/i;
const ROLE_ADDRESS =
  /^(?:support|help|info|security|admin|noreply|no-reply|ops|oncall|sre|team|hello|contact|billing|sales|privacy|abuse|postmaster|root|alerts?|notifications?|jenkins|git|bot|devnull)@/i;
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;
const SSN = /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b/g;
const PHONE = /(?<![\w.])(?:\+\d{1,3}[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b/g;

const finding = (start: number, end: number, explanation: string): RawFinding => ({
  rule: 'data.personal-data',
  category: 'data_exposure',
  severity: 'confirm',
  explanation,
  start,
  end,
  matchStart: start,
});

export function scanPersonalData(text: string): RawFinding[] {
  const findings: RawFinding[] = [];
  // Quick exits, exact: an address holds an `@`, and every number below (card, SSN, IBAN, phone) two digits in a row.
  const people = (text.includes('@') ? [...text.matchAll(EMAIL)] : []).filter(
    (match) =>
      !DOC_DOMAIN.test(match[0]) && !ROLE_ADDRESS.test(match[0]) && !isInUrlOrCode(text, match.index),
  );
  const distinct = new Set(people.map((match) => match[0].toLowerCase()));
  if (distinct.size >= 3) {
    const first = people[0];
    const last = people[people.length - 1];
    if (first && last) {
      findings.push(
        finding(
          first.index,
          last.index + last[0].length,
          `Lists ${distinct.size} people's email addresses: publishing shows them to the whole channel.`,
        ),
      );
    }
  }
  if (!/\d\d/.test(text)) return findings;
  const phones = [...text.matchAll(PHONE)].filter((match) => !/^\d{4}-\d{2}-\d{2}/.test(match[0]));
  if (phones.length >= 3 && (distinct.size >= 1 || /\b(?:phone|mobile|cell|tel)\b/i.test(text))) {
    const first = phones[0];
    const last = phones[phones.length - 1];
    if (first && last)
      findings.push(
        finding(
          first.index,
          last.index + last[0].length,
          "Lists people's phone numbers: publishing shows them to the whole channel.",
        ),
      );
  }
  for (const match of text.matchAll(CARD)) {
    const digits = match[0].replace(/\D/g, '');
    if (digits.length < 13 || digits.length > 19 || !luhn(digits) || /^(\d)\1+$/.test(digits)) continue;
    if (
      /^(?:4111111111111111|4242424242424242|5555555555554444|378282246310005|4000056655665556|5105105105105100|6011111111111117)$/.test(
        digits,
      )
    )
      continue;
    if (
      !/\b(?:card|visa|mastercard|amex|cc|pan|credit|debit|payment)\b/i.test(
        text.slice(Math.max(0, match.index - 200), match.index + 200),
      )
    )
      continue;
    findings.push(
      finding(
        match.index,
        match.index + match[0].length,
        'A payment card number: publishing it exposes the cardholder.',
      ),
    );
  }
  const ssns = [...text.matchAll(SSN)];
  if (ssns.length > 0 && /\b(?:ssn|social security|tax id|tin)\b/i.test(text)) {
    for (const match of ssns)
      findings.push(
        finding(
          match.index,
          match.index + match[0].length,
          'A social security number: personal data that must not be published.',
        ),
      );
  }
  for (const match of text.matchAll(IBAN)) {
    if (!/\biban\b|\bbank\b|\baccount\b/i.test(text.slice(Math.max(0, match.index - 120), match.index)))
      continue;
    if (/^(?:GB82 ?WEST|DE89 ?3704|GB33 ?BUKB)/.test(match[0])) continue;
    findings.push(
      finding(
        match.index,
        match.index + match[0].length,
        "A bank account number (IBAN): someone's financial data.",
      ),
    );
  }
  return findings;
}

/** An address inside a URL (`https://user@host`) or a git remote is no person's contact. */
function isInUrlOrCode(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 12), index);
  return /(?:\/\/|git@|:)[^\s]*$/.test(before);
}

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let digit = Number(digits[i]);
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}
