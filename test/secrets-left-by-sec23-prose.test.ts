// Leaks sec23 left in prose (sec24): a value between commas after a secret's word ("the password, X, was given"),
// and a value of letters alone after a password's word with no mark between ("passcode zqxmarkonly",
// "login admin password Sunshine"). Both sides: the prose around such words stays readable.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';

const masks = (text: string, secret: string) => {
  const r = redactText(text);
  expect(r, text).not.toContain(secret);
  expect(r, text).toContain(REDACTED);
  return r;
};
const keeps = (text: string) => expect(redactText(text), text).toBe(text);

describe('a value between commas after a secret word', () => {
  it('is masked when it looks like a password, or is letters alone and no word of prose after a password\'s word', () => {
    expect(masks('the password, Zq7v9kx, was given to the vendor', 'Zq7v9kx')).toBe(`the password, ${REDACTED}, was given to the vendor`);
    masks('The PIN, 48291377, was read out', '48291377');
    masks('its passcode, Sunshine, is on the label', 'Sunshine');
    masks('admin password, zqxmarkonly, written on a sticker', 'zqxmarkonly');
  });
  it('a list of words and an aside of prose stay', () => {
    for (const t of ['Password, PIN, token and key are secrets', 'password, history 24', 'the password, history, length and age',
      'the password, however, was changed', 'the password, if set, is masked', 'password, passphrase, PIN', 'the password, required, was missing',
      'community, hospital, clinic']) keeps(t);
  });
});

describe('letters alone after a password\'s word', () => {
  it('are masked when no word of prose', () => {
    expect(masks('passcode zqxmarkonly', 'zqxmarkonly')).toBe(`passcode ${REDACTED}`);
    masks('login admin password zqxmarkonly', 'zqxmarkonly');
    expect(masks('console pwd Sunshine.', 'Sunshine')).toBe(`console pwd ${REDACTED}.`);
  });
  it('prose after a password\'s word stays', () => {
    for (const t of ['password required', 'password protected', 'password expired', 'password policy', 'password manager on the desk',
      'password spraying attacks', 'passwords mistakenly entered as the username', 'password complexity filter', 'password remains valid',
      'password history length', 'password changes monthly', 'password protection', 'password cryptographic hash', 'password without expiry',
      // Not a password's word: a PIN's, a key's, a token's, a community's value has digits, their prose stays.
      'PIN keypad', 'community hospital', 'token bucket', 'secret meeting']) keeps(t);
  });
});

describe('a secret\'s label ending a longer line after ":" or ",", its value alone on the next line', () => {
  it('the value is masked', () => {
    expect(masks('Service note: password\nZq7mark23\n', 'Zq7mark23')).toBe(`Service note: password\n${REDACTED}\n`);
    masks('Radiology, Building B, MR suite 1 password\nZq7mark01\n', 'Zq7mark01');
  });
  it('a heading over text stays', () => {
    for (const t of ['Note: password\nRequired\n', 'Policy: password\nminimum length 14\n', 'Rooms 1, 2: password\nnever\n']) keeps(t);
  });
});
