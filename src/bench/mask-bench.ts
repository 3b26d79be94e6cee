// What masking costs on label-heavy text, the worst shape for it (every line a secret's label and a
// setting's state, judged by every label rule), against prose of the same length: run with
// `node dist/bench/mask-bench.js`. docs/scale.md ("Masking cost") has the measured figures.
import { redactText } from '../snapshot/secrets.js';
import { time } from './floor.js';

const SIZE = 400_000;
// A shape is a unit repeated to the size, or a text built for a size (its end kept in each half).
const SHAPES: Record<string, string | ((size: number) => string)> = {
  prose: 'The console was checked on site and the firewall profile was found enabled. ',
  'label lines': 'Password for PACS bind account: Yes\n',
  'labels after ;': 'Password (PACS): Yes; ',
  'dash labels': 'PW for AD bind - see vault\n',
  'Cyrillic labels': 'Пароль администратора: Да\n',
  'pair heads': 'pw: a ',
  // sec36's shapes, and fragments that open one of its rules and never close it (each rule's look-back is bounded).
  'strcmp args': 'strcmp(pw, "Zq7x9k") ',
  'expect chain': 'expect(password).to.',
  'in list': "password in ('Zq7x9k', ",
  'echo pipe': 'echo a b c d e f g h | ',
  'here-strings': '<<< ',
  'sp_password': "sp_password 'a', ",
  'colon assign': 'password :',
  'quoted name $': "'password' = $",
  'code spans': '`Password: ',
  // sec37's: every code span's text masked on its own first, then the line (a span in a span read three times).
  'closed spans': '`password 51:b:b:Zq7` ',
  'double spans': '``Password: Zq7x9k`` ',
  'nested spans': '`` `pw: x` `` ',
  'backquote runs': '` `` ``` ',
  'quoted $ refs': 'password="$PW" ',
  // sec39's: a Markdown row's value after a secret-named cell (each row also a header candidate of the CSV rule, and the
  // lines next to it read), and a here-string's command found among the words before "<<<".
  'table rows': '| Password | Zq7x9k |\n',
  'table row pairs': '|pw|a|PIN|b|pw|c|\n',
  'here, words': 'Run passwd --stdin svc <<< Zq7x9k\n',
  'sudo words <<<': 'sudo sudo sudo sudo <<< ',
  // Many lines, then one backquote: the code-span pass once looked for it again from every line.
  'lines, then `': (size) => 'ab\n'.repeat(Math.floor((size - 3) / 3)) + '`x`',
};

const fill = (shape: string | ((size: number) => string), size = SIZE): string =>
  typeof shape === 'string' ? shape.repeat(Math.ceil(size / shape.length)).slice(0, size) : shape(size);
redactText(fill(SHAPES.prose!).slice(0, 20_000));
const base = Math.min(...[0, 1, 2].map(() => time(() => redactText(fill(SHAPES.prose!)))[1]));
for (const [name, shape] of Object.entries(SHAPES)) {
  const text = fill(shape);
  const ms = Math.min(...[0, 1, 2].map(() => time(() => redactText(text))[1]));
  // Half the text: a linear rule takes about twice as long on the whole, a quadratic one four times.
  const half = fill(shape, SIZE / 2);
  const halfMs = Math.min(...[0, 1, 2].map(() => time(() => redactText(half))[1]));
  console.log(`${name.padEnd(16)} ${ms.toFixed(1).padStart(8)} ms  ${(ms / base).toFixed(1).padStart(6)}x prose  ${((SIZE / 1e6) / (ms / 1e3)).toFixed(2)} MB/s  ${(ms / Math.max(halfMs, 0.1)).toFixed(2)}x its first half`);
}
