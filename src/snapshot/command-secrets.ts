// Passwords that well-known commands take by position or by a one-letter switch, where no secret
// name stands before them: `net user bob X`, `net use \\srv\share X`, `sqlcmd -P X`, `psexec -p X`,
// `mysql -pX`, `schtasks /rp X`, `curl -u bob:X`, `ConvertTo-SecureString "X" -AsPlainText`,
// `reg add … /v DefaultPassword /d X`, `ldapsearch -w X`, `xfreerdp /p:X`, `smbclient -U bob%X`,
// `sqlplus bob/X@db`. They turn up in scheduled tasks, service command lines,
// run keys and notes, and the name-based rules of secrets.ts cannot see them. Each command's rule
// knows where its password goes; nothing is guessed for a command not listed here.

/** A word of a command line: where it starts and ends in the text, and its text. */
interface Word {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A part of the text to mask: [start, end). */
type Span = readonly [number, number];

/** Which words of a command's arguments hold a password. `secretName` tells a secret name (for `reg add /v NAME`). */
type Rule = (args: readonly Word[], secretName: (name: string) => boolean) => Span[];

const unquoted = (t: string): string => t.replace(/^(["'])([\s\S]*)\1$/, '$2');
const isSwitch = (w: Word): boolean => w.text.startsWith('/') || w.text.startsWith('-');
/**
 * A value a command takes as "ask me" rather than a password, an empty one, one already masked, or one the text rules read as
 * none (`noValue`: a manual's "…" or "<password>", a variable named for the secret), as they read it after a secret's name.
 */
const isNoPassword = (value: string, masked: string, noValue: (value: string) => boolean): boolean => value === '*' || unquoted(value) === '' || value.startsWith(masked) || noValue(value);

/** The whole word, or the part after `from` characters (an attached value: "-PS3cret", "pass:S3cret"). */
const whole = (w: Word): Span => [w.start, w.end];
const after = (w: Word, from: number): Span => [w.start + from, w.end];

/**
 * The word after each switch `names` matches (the value of "-p X"), whatever it looks like: a
 * password may begin with "-". For a switch whose value may be left out (`schtasks /rp` then asks
 * for it), `optional`: a next word that is a "/" switch is not its value.
 */
function nextAfter(args: readonly Word[], names: RegExp, optional = false): Span[] {
  const out: Span[] = [];
  for (let i = 0; i + 1 < args.length; i++) if (names.test(args[i]!.text) && !(optional && args[i + 1]!.text.startsWith('/'))) out.push(whole(args[i + 1]!));
  return out;
}

/** The value glued to a switch ("-pS3cret"): the part after the switch's `prefix`. */
function attached(args: readonly Word[], prefix: RegExp): Span[] {
  const out: Span[] = [];
  for (const w of args) {
    const m = prefix.exec(w.text);
    if (m && w.text.length > m[0].length) out.push(after(w, m[0].length));
  }
  return out;
}

/** The part of `span` after the first `mark` in it ("bob:S3cret", "bob%S3cret"), or nothing when it has none. */
function afterMark(args: readonly Word[], [start, end]: Span, mark: string): Span[] {
  const w = args.find((a) => a.start <= start && start < a.end)!;
  const at = w.text.indexOf(mark, start - w.start);
  return at < 0 ? [] : [[w.start + at + 1, end]];
}

/** `net`'s positional arguments: the words that are not "/" options (a password may begin with "-"). */
const positional = (args: readonly Word[]): Word[] => args.filter((w) => !w.text.startsWith('/'));

/** The value of switch `value` when switch `name` names a secret ("reg add … /v DefaultPassword /d X"). */
function valueOfSecretName(args: readonly Word[], name: RegExp, value: RegExp, secretName: (n: string) => boolean): Span[] {
  const named = args.findIndex((w, i) => name.test(w.text) && i + 1 < args.length && secretName(unquoted(args[i + 1]!.text)));
  return named < 0 ? [] : nextAfter(args, value);
}

const RULES: Readonly<Record<string, Rule>> = {
  // net user NAME PASSWORD [/options]; net use [DEVICE] \\HOST\SHARE PASSWORD [/user:NAME] (the password may follow /user too).
  net: (args) => {
    const verb = args[0]?.text.toLowerCase();
    if (verb === 'user' || verb === 'users') {
      const pos = positional(args.slice(1));
      return pos.length >= 2 ? [whole(pos[1]!)] : [];
    }
    if (verb === 'use') {
      const unc = args.findIndex((w) => unquoted(w.text).startsWith('\\\\'));
      return unc < 0 ? [] : positional(args.slice(unc + 1)).map(whole);
    }
    return [];
  },
  psexec: (args) => nextAfter(args, /^-p$/i),
  sqlcmd: (args) => [...nextAfter(args, /^-P$/), ...attached(args, /^-P/)],
  mysql: (args) => attached(args, /^-p/),
  sshpass: (args) => [...nextAfter(args, /^-p$/), ...attached(args, /^-p/)],
  schtasks: (args) => nextAfter(args, /^\/(?:rp|p)$/i, true),
  zip: (args) => nextAfter(args, /^-P$/),
  '7z': (args) => attached(args, /^-p/i),
  rar: (args) => attached(args, /^-h?p/i),
  openssl: (args) => [...nextAfter(args, /^-k$/), ...attached(args, /^pass:/i)],
  // curl -u NAME:PASSWORD, -uNAME:PASSWORD: the part after the first colon.
  curl: (args) => [...nextAfter(args, /^(?:-u|--user|-U|--proxy-user)$/), ...attached(args, /^-u/)].flatMap((span) => afterMark(args, span, ':')),
  cmdkey: (args) => attached(args, /^\/pass:/i),
  'convertto-securestring': (args) => {
    const named = nextAfter(args, /^-string$/i);
    if (named.length) return named;
    const first = args.findIndex((w) => !isSwitch(w));
    // A positional string is the first word that no switch before it takes.
    return first >= 0 && (first === 0 || !/^-(?:key|securekey)$/i.test(args[first - 1]!.text)) ? [whole(args[first]!)] : [];
  },
  // OpenLDAP's tools: -w PASSWORD or -wPASSWORD (-W asks for it).
  ldap: (args) => [...nextAfter(args, /^-w$/), ...attached(args, /^-w/)],
  // FreeRDP /p:PASSWORD, rdesktop -p PASSWORD, winrs -p:PASSWORD.
  rdp: (args) => [...attached(args, /^\/p:/i), ...nextAfter(args, /^-p$/), ...attached(args, /^-p:?/)],
  winrs: (args) => attached(args, /^[-/]p(?:assword)?:/i),
  // Samba's tools: -U NAME%PASSWORD, the part after "%".
  smb: (args) => [...nextAfter(args, /^(?:-U|--user)$/), ...attached(args, /^-U/)].flatMap((span) => afterMark(args, span, '%')),
  // Oracle's tools: NAME/PASSWORD[@DB] (not "/ as sysdba", "/nolog", "@script.sql" or name=value options).
  oracle: (args) => args.flatMap((w) => {
    const m = /^([^/@\s"':=-][^/@\s"':=]*)\/([^@\s]+)/.exec(w.text);
    return m ? [[w.start + m[1]!.length + 1, w.start + m[1]!.length + 1 + m[2]!.length] as const] : [];
  }),
  ipmitool: (args) => nextAfter(args, /^-P$/),
  docker: (args) => (args[0]?.text === 'login' ? nextAfter(args, /^-p$/) : []),
  // htpasswd -b FILE NAME PASSWORD, or -nb NAME PASSWORD.
  htpasswd: (args) => {
    const flags = args.filter((w) => /^-[A-Za-z]+$/.test(w.text)).map((w) => w.text).join('');
    if (!flags.includes('b')) return [];
    const pos = args.filter((w) => !w.text.startsWith('-'));
    const i = flags.includes('n') ? 1 : 2;
    return pos[i] ? [whole(pos[i]!)] : [];
  },
  // useradd/usermod -p PASSWORD (crypt's hash by the manual, but a password as often), --password PASSWORD or --password=PASSWORD.
  usermod: (args) => [...nextAfter(args, /^(?:-p|--password)$/), ...attached(args, /^--password=/)],
  reg: (args, secretName) => (args[0]?.text.toLowerCase() === 'add' ? valueOfSecretName(args, /^\/v$/i, /^\/d$/i, secretName) : []),
  'set-itemproperty': (args, secretName) => valueOfSecretName(args, /^-name$/i, /^-value$/i, secretName),
};

/** The command names each rule serves (file names without ".exe"). */
const ALIASES: Readonly<Record<string, string>> = {
  net: 'net', net1: 'net',
  psexec: 'psexec', psexec64: 'psexec', paexec: 'psexec',
  sqlcmd: 'sqlcmd', osql: 'sqlcmd', isql: 'sqlcmd', bcp: 'sqlcmd',
  mysql: 'mysql', mysqldump: 'mysql', mysqladmin: 'mysql', mysqlimport: 'mysql', mysqlcheck: 'mysql', mysqlshow: 'mysql', mariadb: 'mysql', 'mariadb-dump': 'mysql',
  sshpass: 'sshpass', schtasks: 'schtasks', zip: 'zip', '7z': '7z', '7za': '7z', '7zr': '7z', rar: 'rar', winrar: 'rar', unrar: 'rar',
  openssl: 'openssl', curl: 'curl', cmdkey: 'cmdkey', 'convertto-securestring': 'convertto-securestring',
  reg: 'reg', 'set-itemproperty': 'set-itemproperty', 'new-itemproperty': 'set-itemproperty',
  ldapsearch: 'ldap', ldapmodify: 'ldap', ldapadd: 'ldap', ldapdelete: 'ldap', ldapwhoami: 'ldap', ldappasswd: 'ldap', ldapcompare: 'ldap', ldapmodrdn: 'ldap', ldapexop: 'ldap',
  xfreerdp: 'rdp', wlfreerdp: 'rdp', 'sdl-freerdp': 'rdp', rdesktop: 'rdp', winrs: 'winrs',
  smbclient: 'smb', rpcclient: 'smb', smbcacls: 'smb', smbget: 'smb', smbmap: 'smb',
  sqlplus: 'oracle', expdp: 'oracle', impdp: 'oracle', rman: 'oracle', sqlldr: 'oracle',
  ipmitool: 'ipmitool', docker: 'docker', htpasswd: 'htpasswd',
  usermod: 'usermod', useradd: 'usermod', groupmod: 'usermod', groupadd: 'usermod',
};

/** A quick test: a command's name and a blank after it (most texts have none, and skip the rest). */
const ANY_COMMAND = /(?:net1?|psexec(?:64)?|paexec|sqlcmd|osql|isql|bcp|mysql\w*|mariadb\S*|sshpass|schtasks|zip|7z[ar]?|rar|openssl|curl|cmdkey|securestring|reg|itemproperty|ldap[a-z]+|freerdp|rdesktop|winrs|smb[a-z]+|rpcclient|sqlplus|expdp|impdp|rman|sqlldr|ipmitool|docker|htpasswd|user(?:mod|add)|group(?:mod|add))(?:\.exe)?"?[ \t]/i;
/**
 * A command: its name first in the text or after a blank, quote, bracket, shell operator or path
 * separator ("C:\Windows\System32\net.exe"), with or without ".exe", then a blank.
 */
const COMMAND = /(?<=^|[\s"'(;&|=\\/])(net1?|psexec(?:64)?|paexec|sqlcmd|osql|isql|bcp|mysql(?:dump|admin|import|check|show)?|mariadb(?:-dump)?|sshpass|schtasks|zip|7z[ar]?|(?:win|un)?rar|openssl|curl|cmdkey|convertto-securestring|reg|set-itemproperty|new-itemproperty|ldap(?:search|modify|add|delete|whoami|passwd|compare|modrdn|exop)|(?:xf|wlf|sdl-f)reerdp|rdesktop|winrs|smbclient|rpcclient|smbcacls|smbget|smbmap|sqlplus|expdp|impdp|rman|sqlldr|ipmitool|docker|htpasswd|user(?:mod|add)|group(?:mod|add))(?:\.exe)?"?(?=[ \t])/gi;
/** A word of a command line: quoted parts and plain characters, up to a blank or a shell operator. */
const WORD = /(?:"[^"\r\n]*"?|'[^'\r\n]*'?|[^\s"'|&;]+)+/y;
/** The same inside brackets ("(ConvertTo-SecureString X -AsPlainText)"), where ")" ends the command. */
const WORD_IN_BRACKETS = /(?:"[^"\r\n]*"?|'[^'\r\n]*'?|[^\s"'|&;)]+)+/y;

/** More arguments than any of these commands is given; the bound keeps a hostile text with a command name every few characters linear. */
const MAX_ARGUMENTS = 32;

/** The arguments of the command whose name ends at `from`: words up to the end of the line or a shell operator. */
function argumentsFrom(s: string, from: number, inBrackets: boolean): Word[] {
  const word = inBrackets ? WORD_IN_BRACKETS : WORD;
  const out: Word[] = [];
  for (let i = from; out.length < MAX_ARGUMENTS;) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    word.lastIndex = i;
    const m = word.exec(s);
    if (!m) return out;
    out.push({ start: i, end: i + m[0].length, text: m[0] });
    i += m[0].length;
  }
  return out;
}

/** True when `s` runs one of the commands above: their rule knows where the password goes (mysql's "-p db" asks for it, "db" is no password). */
export function runsKnownCommand(s: string): boolean {
  if (!ANY_COMMAND.test(s)) return false;
  COMMAND.lastIndex = 0;
  return COMMAND.test(s);
}

/** `s` with the passwords of the commands above replaced by `masked`; `noValue` tells a value that is none (as the text rules read it), `found` is told each password masked. */
export function redactCommandSecrets(s: string, masked: string, secretName: (name: string) => boolean, noValue: (value: string) => boolean, found?: (secret: string) => void): string {
  // Every snapshot string comes here: a text with no blank (a name, a number, a path) is passed by at once.
  if ((!s.includes(' ') && !s.includes('\t')) || !ANY_COMMAND.test(s)) return s;
  const spans: Span[] = [];
  COMMAND.lastIndex = 0;
  for (let m = COMMAND.exec(s); m; m = COMMAND.exec(s)) {
    const rule = RULES[ALIASES[m[1]!.toLowerCase()] ?? ''];
    if (!rule) continue;
    const args = argumentsFrom(s, m.index + m[0].length, s[m.index - 1] === '(');
    for (const span of rule(args, secretName)) if (!isNoPassword(s.slice(span[0], span[1]), masked, noValue)) spans.push(span);
  }
  if (spans.length === 0) return s;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let done = 0;
  for (const [start, end] of spans) {
    // Overlapping spans (a command inside another's quoted argument) are masked as one.
    if (start < done) {
      done = Math.max(done, end);
      continue;
    }
    found?.(unquoted(s.slice(start, end)));
    out += s.slice(done, start) + masked;
    done = end;
  }
  return out + s.slice(done);
}

/**
 * A password fed to a command on its standard input: "echo X | passwd --stdin svc", "printf '%s' X | smbpasswd -s svc",
 * "echo X | sudo -S cmd", "echo X | docker login -u u --password-stdin", and chpasswd's "user:X" lines ("echo 'svc:X' |
 * chpasswd": the user stays); a here-string too ("passwd --stdin svc <<< X", "chpasswd <<< 'svc:X'"). The command reads a
 * password when its name is a secret's (passwd, chpasswd, smbpasswd, ldappasswd: `secretName`), a switch says so
 * ("--password-stdin") or sudo is given -S. A variable ("echo $PW | passwd --stdin") is where the password is kept: it stays.
 */
const ECHO_FEED = /(?<=^|[\s;&|(`])(?:echo|printf)((?:[ \t]+-[neE]{1,3})*)[ \t]+((?:"[^"\r\n]*"|'[^'\r\n]*'|[^\s|&;'"`]+(?:`+[^\s|&;'"`]+)*)(?:[ \t]+(?:"[^"\r\n]*"|'[^'\r\n]*'|[^\s|&;'"`]+(?:`+[^\s|&;'"`]+)*)){0,7})[ \t]*\|(?!\|)[ \t]*([^\r\n|&;]{1,256})/g;
/**
 * A here-string's text; a bare one ends at a backquote that closes it (a command substitution's, or
 * Markdown's code span: nothing but a blank or a mark after it), never at one inside it ("Zq7`x9").
 */
const HERE_STRING = /<<<[ \t]*("[^"\r\n]*"|'[^'\r\n]*'|[^\s|&;'"`]+(?:`+[^\s|&;'"`,.)\]]+)*)/g;
/** A switch naming a password read on standard input, a sentence's mark or a closing quote allowed after it ("--password-stdin."). */
const STDIN_PASSWORD_SWITCH = /(?:^|[ \t])--?[\w-]*(?:password|passwd|pass)[\w-]*stdin(?=$|[ \t=]|[`'")\].,;:!?]+(?:[ \t]|$))/i;
/** chpasswd's and chgpasswd's input: "user:password" lines. */
const USER_COLON_FEED = /^(?:.*[\\/])?ch(?:g)?passwd$/i;
/** A shell variable, alone: where the password is kept. */
const SHELL_VARIABLE = /^\$(?:\{[\w:-]{1,64}\}|[\w:]{1,64})$/;

/**
 * A password-reading command's file name when words stand before it (passwd, chpasswd, smbpasswd, ldappasswd, kpasswd…:
 * Unix names them "…passwd"): a sentence's word named for a secret ("Type the password <<< …") is no command.
 */
const PASSWD_COMMAND = /^(?:.*[\\/])?[a-z]*passwd(?:\.exe)?[`'")\].,;:!?]*$/i;

/** sudo's switch that reads the password on standard input ("-S", "-kS", "--stdin"). */
const isSudoStdinSwitch = (word: string): boolean => /^-[A-Za-z]*S/.test(word) || word === '--stdin';

/** A command word's file name, without a path, ".exe", or a quote, backquote or sentence's mark after it ("…/chpasswd`."). */
const commandName = (word: string): string => word.replace(/[`'")\].,;:!?]+$/, '').replace(/^.*[\\/]/, '').replace(/\.exe$/i, '');

/**
 * Whether the command `line` (its name first, then its arguments) reads a password on standard input, and in which form.
 * `wordsBefore`: words may stand before the command (a here-string's line, "Run passwd --stdin svc <<< X", "Then: sudo -S
 * … <<< X"): the last word that is a password-reading command's name (PASSWD_COMMAND, sudo) begins the command.
 */
function readsPassword(line: string, secretName: (name: string) => boolean, wordsBefore = false): 'password' | 'user:password' | undefined {
  const words = line.trim().split(/[ \t]+/);
  if (wordsBefore) {
    // From the last word back, each judged in one step ("sudo sudo … <<<" stays linear): a …passwd name reads a password,
    // chpasswd's in its "user:password" form; sudo only with -S among the switches right after it.
    for (let k = words.length - 1; k > 0; k--) {
      const w = words[k]!;
      if (/^sudo$/i.test(w)) {
        for (let j = k + 1; j < words.length && words[j]!.startsWith('-'); j++) if (isSudoStdinSwitch(words[j]!)) return 'password';
        continue;
      }
      if (!PASSWD_COMMAND.test(w)) continue;
      const name = commandName(w);
      if (USER_COLON_FEED.test(name)) return 'user:password';
      if (secretName(name)) return 'password';
    }
  }
  let i = 0;
  let sudoReads = false;
  if (/^sudo$/i.test(words[0] ?? '')) {
    for (i = 1; i < words.length && words[i]!.startsWith('-'); i++) if (isSudoStdinSwitch(words[i]!)) sudoReads = true;
    if (sudoReads) return 'password';
  }
  // Its file name, without a path, ".exe", a quote or backquote closing what it stands in ("… | chpasswd`"), or a sentence's
  // mark after it ("… | chpasswd.": still chpasswd, whose input keeps its user).
  const name = commandName(words[i] ?? '');
  if (name === '') return undefined;
  if (USER_COLON_FEED.test(name)) return 'user:password';
  return secretName(name) || STDIN_PASSWORD_SWITCH.test(words.slice(i + 1).join(' ')) ? 'password' : undefined;
}

/** The spans of fed text `text` (at `at` in the whole) that hold the password: all of it, or after each line's "user:". */
function fedSpans(text: string, at: number, form: 'password' | 'user:password', noValue: (value: string) => boolean): Span[] {
  const quoted = /^["']/.test(text) && text.length > 1 && text.endsWith(text[0]!);
  const inner = quoted ? text.slice(1, -1) : text;
  const from = at + (quoted ? 1 : 0);
  if (inner === '' || SHELL_VARIABLE.test(inner)) return [];
  if (form === 'password') return noValue(inner) ? [] : [[from, from + inner.length]];
  // Lines joined by "\n" as echo -e and printf write them: each one's part after its first ":".
  const out: Span[] = [];
  let k = 0;
  for (const line of inner.split('\\n')) {
    const colon = line.indexOf(':');
    if (colon >= 0 && colon + 1 < line.length && !noValue(line.slice(colon + 1))) out.push([from + k + colon + 1, from + k + line.length]);
    k += line.length + 2;
  }
  return out;
}

/** `s` with the passwords fed to commands on their standard input (ECHO_FEED, HERE_STRING) replaced by `masked`; `noValue` tells a fed text that is none. */
export function redactFedPasswords(s: string, masked: string, secretName: (name: string) => boolean, noValue: (value: string) => boolean, found?: (secret: string) => void): string {
  const spans: Span[] = [];
  if (s.includes('|')) {
    ECHO_FEED.lastIndex = 0;
    for (let m = ECHO_FEED.exec(s); m; m = ECHO_FEED.exec(s)) {
      const form = readsPassword(m[3]!, secretName);
      if (form === undefined) continue;
      const flags = m[1]!;
      let at = m.index + m[0].indexOf(m[2]!, 4 + flags.length);
      const words = m[2]!.match(/"[^"\r\n]*"|'[^'\r\n]*'|[^\s"'`]+(?:`+[^\s"'`]+)*/g) ?? [];
      for (const [n, w] of words.entries()) {
        const start = s.indexOf(w, at);
        at = start + w.length;
        // printf's format ("%s\n") is no part of the password.
        if (n === 0 && m[0].startsWith('printf') && w.includes('%')) continue;
        spans.push(...fedSpans(w, start, form, noValue));
      }
      ECHO_FEED.lastIndex = m.index + m[0].length - m[3]!.length;
    }
  }
  if (s.includes('<<<')) {
    HERE_STRING.lastIndex = 0;
    for (let m = HERE_STRING.exec(s); m; m = HERE_STRING.exec(s)) {
      // The command is in the text before "<<<" on its line, after the last shell operator or backquote (at most 256 characters
      // back): first in it, or the last password-reading command's name after a sentence's words (readsPassword).
      let b = m.index;
      while (b > 0 && m.index - b < 256 && !/[\r\n|&;(`]/.test(s[b - 1]!)) b--;
      const form = readsPassword(s.slice(b, m.index), secretName, true);
      if (form !== undefined) spans.push(...fedSpans(m[1]!, m.index + m[0].length - m[1]!.length, form, noValue));
    }
  }
  if (spans.length === 0) return s;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let done = 0;
  for (const [start, end] of spans) {
    if (start < done || s.startsWith(masked, start)) continue;
    found?.(s.slice(start, end));
    out += s.slice(done, start) + masked;
    done = end;
  }
  return out + s.slice(done);
}
