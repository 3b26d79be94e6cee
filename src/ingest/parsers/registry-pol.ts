// registry.pol ("PReg" format, [MS-GPREG] 2.2.1) as found in a GPO's Machine folder or the local
// Group Policy (%SystemRoot%\System32\GroupPolicy\Machine\Registry.pol): binary, little-endian,
// header "PReg" + version 1, then records [key;value;type;size;data] with UTF-16LE strings.
// Machine policy: keys are under HKLM. Values whose name starts with "**" (**del., **delvals.,
// **DeleteKeys, **soft., ...) are instructions to the policy engine, not values, and are not read.
// A record of a type read here neither as a string, a number nor binary data (REG_LINK, the resource
// lists, a code no registry type has) is not read as a value: it is left out, warned of naming the
// record, and named in the file's coverage, so that a check reading it is not collected and says why.
import type { ExportInput, ExportKind, ExportParser, RegType } from '../types.js';
import { hexValue, multiSzCutNote, oddUtf16Data, qwordValue, registryFact, registryLabel, stringRegType, utf16MultiSz, utf16Strings } from '../registry.js';
import { FactSink } from './common.js';
import { trimBackslashes } from '../../snapshot/registry-fields.js';

function sniff(input: ExportInput): ExportKind | null {
  const b = input.bytes;
  return b.length >= 8 && b.toString('latin1', 0, 4) === 'PReg' ? 'registry-pol' : null;
}

function parse(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const b = input.bytes;
  const where = (offset: number, record: number): string => `byte ${offset}${record > 0 ? ` (record ${record})` : ''}`;
  if (b.length < 8 || b.toString('latin1', 0, 4) !== 'PReg') sink.fail('expected a registry.pol file starting with the signature "PReg"', where(0, 0));
  const version = b.readUInt32LE(4);
  if (version !== 1) sink.fail(`expected PReg version 1, found ${version}`, where(4, 0));
  let i = 8;
  let record = 0;
  const unread: string[] = [];
  // A value the file both sets and deletes ("**del.Name" in its key): the Group Policy editor writes
  // one or the other, so the file was edited or joined, and whether the policy sets it would be a guess.
  const deletes: Array<{ id: string; text: string }> = [];
  // Each value's first record and its type and data: a value set twice, differently, is refused (below).
  const given = new Map<string, { text: string; data: string }>();
  const expectChar = (ch: string, what: string): void => {
    if (i + 2 > b.length) sink.fail(`the file is cut short: expected "${ch}" ${what}`, where(i, record));
    if (b.readUInt16LE(i) !== ch.charCodeAt(0)) sink.fail(`expected "${ch}" ${what}, found 0x${b.readUInt16LE(i).toString(16).padStart(4, '0')} (not a valid PReg record)`, where(i, record));
    i += 2;
  };
  const readString = (what: string): string => {
    const start = i;
    while (i + 2 <= b.length && b.readUInt16LE(i) !== 0) i += 2;
    if (i + 2 > b.length) sink.fail(`the file is cut short: expected the NUL that ends the ${what}`, where(start, record));
    const s = b.toString('utf16le', start, i);
    i += 2;
    return s;
  };
  const readU32 = (what: string): number => {
    if (i + 4 > b.length) sink.fail(`the file is cut short: expected the ${what} (4 bytes)`, where(i, record));
    const v = b.readUInt32LE(i);
    i += 4;
    return v;
  };
  while (i < b.length) {
    record++;
    const start = i;
    expectChar('[', 'opening a record');
    const key = readString('key name');
    expectChar(';', 'after the key name');
    const valueName = readString('value name');
    expectChar(';', 'after the value name');
    const type = readU32('value type');
    expectChar(';', 'after the value type');
    const size = readU32('data size');
    expectChar(';', 'after the data size');
    if (i + size > b.length) sink.fail(`the file is cut short: the record declares ${size} bytes of data, ${b.length - i} remain`, where(i, record));
    const data = b.subarray(i, i + size);
    i += size;
    expectChar(']', 'closing the record');
    if (valueName.startsWith('**') || valueName === '') {
      const del = /^\*\*del\.(.+)$/i.exec(valueName);
      if (del) deletes.push({ id: `${trimBackslashes(key).toLowerCase()}\u0000${del[1]!.toLowerCase()}`, text: `[${key};${valueName}] record ${record}` });
      continue;
    }
    // A value set by two records, differently: the Group Policy editor writes each value once, so the file
    // was edited or joined. Read as given, the first record was kept and the other dropped without a word,
    // where Windows applies the last; which one the policy meant would be a guess. Names compare without
    // case, as the registry's do; the same data twice is one setting.
    const id = `${trimBackslashes(key).toLowerCase()}\u0000${valueName.toLowerCase()}`;
    const text = `[${key};${valueName}] record ${record}`;
    const sig = `${type}:${data.toString('hex')}`;
    const before = given.get(id);
    if (before && before.data !== sig) sink.fail(`${text} sets the value ${before.text} sets, differently (type or data): the Group Policy editor writes each value once, so the file was edited or joined, and which one the policy sets would be a guess`, where(start, record));
    if (!before) given.set(id, { text, data: sig });
    if (!key) sink.fail('expected a registry key name in the record, found an empty one', where(start, record));
    let loc = `[${key};${valueName}] record ${record}, bytes ${start}-${i - 1}`;
    let value: string | number;
    let regType: RegType | undefined;
    const odd = type === 1 || type === 2 || type === 7 ? oddUtf16Data(type, size, `[${key};${valueName}]`) : undefined;
    if (odd) sink.fail(odd, where(start, record));
    switch (type) {
      case 1:
      case 2:
        value = utf16Strings(data);
        regType = stringRegType(type);
        break;
      case 7: {
        const multi = utf16MultiSz(data);
        value = multi.value;
        regType = 'REG_MULTI_SZ';
        if (multi.cut) {
          const { note, warning } = multiSzCutNote(multi.cut, `[${key};${valueName}]`);
          sink.warn(`record ${record}: ${warning}`);
          loc = `${loc} (${note})`;
        }
        break;
      }
      case 4:
      case 5:
        if (size !== 4) sink.fail(`expected 4 bytes of data for a ${type === 5 ? 'REG_DWORD_BIG_ENDIAN' : 'REG_DWORD'}, found ${size}`, where(start, record));
        value = type === 4 ? data.readUInt32LE(0) : data.readUInt32BE(0);
        if (type === 5) regType = 'REG_DWORD_BIG_ENDIAN';
        break;
      case 11:
        if (size !== 8) sink.fail(`expected 8 bytes of data for a REG_QWORD, found ${size}`, where(start, record));
        value = qwordValue(data.readBigUInt64LE(0));
        regType = 'REG_QWORD';
        break;
      case 0: // REG_NONE
      case 3: // REG_BINARY
        value = hexValue(data);
        regType = type === 0 ? 'REG_NONE' : 'REG_BINARY';
        break;
      default: {
        const what = `record ${record} [${key};${valueName}] (bytes ${start}-${i - 1}) has the value type 0x${type.toString(16)}, which is not read (only string, DWORD, QWORD and binary types are)`;
        sink.warn(`${what}: the value is not collected`);
        unread.push(what);
        // The value's own coverage: a check reading it (or a field derived from it) says why it is not collected.
        sink.cover(`hardening.registry.${registryLabel(`HKLM\\${trimBackslashes(key)}`, valueName)}`, false, { note: `not collected: ${what}` });
        continue;
      }
    }
    sink.facts.push(registryFact(registryLabel(`HKLM\\${trimBackslashes(key)}`, valueName), value, sink.prov(loc), regType));
  }
  for (const d of deletes) {
    const g = given.get(d.id)?.text;
    if (g !== undefined) sink.fail(`${d.text} deletes the value ${g} sets: the Group Policy editor writes one or the other, so the file was edited or joined, and whether the policy sets it would be a guess`, d.text.slice(d.text.lastIndexOf('record ')));
  }
  const note = 'the values this Group Policy sets (a policy file: what should apply, not what does)';
  sink.cover('hardening.registry', false, { note: unread.length ? `${note}; not collected: ${unread.join('; ')}` : note });
  return sink.result('registry-pol');
}

export const registryPolParser: ExportParser = { kinds: ['registry-pol'], sniff, parse };
