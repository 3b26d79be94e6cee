// Native Windows tools (netsh, manage-bde, w32tm, net accounts) print their labels in the console's
// display language. Only English labels are read (guessing at translations is how a parser starts
// reporting an unencrypted disk as encrypted), but a translated export must never become a silent
// "not collected": it is recognised by what does not change with the language (netsh's policy
// words, w32tm's poll interval and NTP flags, manage-bde's copyright line) and refused with a
// message that names the tool and the language, and says which language-neutral export to use.
import type { ExportInput } from './types.js';
import { sniffText } from './text.js';

/** A few words per language that the tools' translated labels contain (checked in this order). */
const LANGUAGES: Array<[string, RegExp]> = [
  ['French', /\b(Paramètres|Profil de|pare-feu|Strate|Indicateur de|Précision|Intervalle d|Chiffrement|Longueur minimale|Seuil de verrouillage|La commande s.est|Dernière|Couche)\b/i],
  ['German', /(Einstellungen|Firewallrichtlinie|Sprungindikator|Präzision|Abrufintervall|Laufwerkverschlüsselung|Konvertierungsstatus|Kennwortlänge|Sperrschwelle|Der Befehl wurde|Quelle:)/i],
  ['Spanish', /(Configuración|Directiva de|Indicador de salto|Estrato|Precisión|Intervalo de sondeo|Cifrado de unidad|Estado de conversión|Longitud mínima|Umbral de bloqueo|Origen:)/i],
  ['Italian', /(Impostazioni|Criteri firewall|Indicatore di|Strato|Precisione|Intervallo di polling|Crittografia unità|Stato conversione|Lunghezza minima|Soglia di blocco)/i],
  ['Portuguese', /(Configurações|Política de firewall|Indicador de salto|Precisão|Intervalo de sondagem|Criptografia de Unidade|Status da Conversão|Comprimento mínimo)/i],
  ['Dutch', /(Instellingen|Firewallbeleid|Schrikkelindicator|Nauwkeurigheid|Pollinginterval|Stationsversleuteling|Conversiestatus|Minimale wachtwoordlengte)/i],
];

/** The language of a tool's translated output, from its labels ("another language" if not one of ours). */
export function languageOf(text: string): string {
  return LANGUAGES.find(([, re]) => re.test(text))?.[0] ?? 'non-English';
}

interface Tool {
  name: string;
  /** What the output looks like in any language. */
  looks: (t: string) => boolean;
  /** What to use instead. */
  advice: string;
}

const TOOLS: Tool[] = [
  {
    name: 'netsh advfirewall',
    // The firewall policy words are not translated; nor is the dashed rule under each profile header.
    looks: (t) => /(Block|Allow)Inbound(Always)?\s*,\s*(Block|Allow)Outbound/i.test(t) && /^-{20,}\s*$/m.test(t),
    advice: 'collect.ps1 takes the firewall profiles from Get-NetFirewallProfile (firewall-profiles.csv), which does not depend on the language: remove this file',
  },
  {
    name: 'w32tm',
    // The poll interval "(1024s)" and the precision in ns are printed the same in every language.
    looks: (t) => /\(\d+s\)\s*$/m.test(t) && /-?\d+\s*\(\s*[\d.,]+\s*ns\b/i.test(t),
    advice: 'w32tm has no language-neutral output: collect it on an English display language, or remove the file (time synchronisation is then not collected)',
  },
  {
    name: 'manage-bde',
    looks: (t) => /BitLocker/i.test(t.slice(0, 800)) && /Microsoft Corporation/i.test(t.slice(0, 800)),
    advice: 'collect.ps1 takes the volumes from Get-BitLockerVolume (bitlocker-volumes.csv), which does not depend on the language: remove this file',
  },
  {
    name: 'net accounts',
    // The computer role is printed untranslated at the end of the list.
    looks: (t) => /\s(WORKSTATION|SERVER|PRIMARY|BACKUP)\s*$/m.test(t) && (t.match(/:\s*(\d+|[A-Za-zÀ-ÿ]+)\s*$/gm) ?? []).length >= 6,
    advice: 'secedit /export (secedit.inf), which collect.ps1 writes on every console, holds the same password and lockout policy: remove this file',
  },
];

/**
 * A native tool's output in a language other than English, or undefined. Called only for a file
 * no parser recognised.
 */
export function translatedExport(input: ExportInput): { tool: string; language: string; advice: string } | undefined {
  const t = sniffText(input.bytes);
  if (t === null) return undefined;
  for (const tool of TOOLS) {
    if (tool.looks(t)) return { tool: tool.name, language: languageOf(t), advice: tool.advice };
  }
  return undefined;
}
