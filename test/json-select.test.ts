// JsonSelector (src/io/json-select.ts): accepts exactly what JSON.parse accepts, in any chunking,
// and hands over the values selected, parsed as JSON.parse would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonSelector, JsonSyntaxError, type JsonPath, type JsonSelection } from '../src/io/json-select.js';
import { parseJson } from '../src/io/json-text.js';

/** Whether the whole-text reader reads every number of `text` as written (a large double JSON.stringify wrote as 23140592975573510 reads as ...512: both readers refuse it). */
const readExactly = (text: string): boolean => {
  try {
    parseJson(text, 'x.json');
    return true;
  } catch {
    return false;
  }
};

/** Feeds `text` cut at `cuts` (byte offsets); returns the captured values, or the syntax error. */
function run(text: string, select: (path: JsonPath, kind: string) => JsonSelection, cuts: number[] = []): Array<[JsonPath, unknown]> | JsonSyntaxError {
  const bytes = Buffer.from(text, 'utf8');
  const out: Array<[JsonPath, unknown]> = [];
  const p = new JsonSelector({ select, captured: (path, value) => out.push([path, value]) });
  try {
    let at = 0;
    for (const c of [...cuts.filter((x) => x > 0 && x < bytes.length)].sort((a, b) => a - b).concat(bytes.length)) {
      // A copy overwritten afterwards: the selector must not keep references into a chunk.
      const chunk = Buffer.from(bytes.subarray(at, c));
      p.write(chunk);
      chunk.fill(0x20);
      at = c;
    }
    p.end();
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e;
    throw e;
  }
  return out;
}

const accepts = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Walks into every object and array and captures every scalar, then rebuilds the document from the paths. */
function rebuild(captures: Array<[JsonPath, unknown]>, containers: Array<[JsonPath, string]>): unknown {
  let root: unknown;
  const set = (path: JsonPath, v: unknown) => {
    if (!path.length) {
      root = v;
      return;
    }
    let o = root as Record<string | number, unknown>;
    for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
    // defineProperty, not assignment: a "__proto__" key must become an own property, as JSON.parse makes it.
    Object.defineProperty(o, path[path.length - 1]!, { value: v, enumerable: true, writable: true, configurable: true });
  };
  for (const [path, kind] of containers) set(path, kind === 'object' ? {} : []);
  for (const [path, v] of captures) set(path, v);
  return root;
}

describe('JsonSelector', () => {
  it('captures the root whole: equal to JSON.parse, whatever the chunking', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom(0, 2, 4), fc.array(fc.nat(400)), (value, indent, cuts) => {
      const text = JSON.stringify(value, null, indent);
      const r = run(text, () => 'capture', cuts);
      if (!readExactly(text)) return void expect(r).toBeInstanceOf(JsonSyntaxError);
      expect(r).toEqual([[[], JSON.parse(text)]]);
    }), { numRuns: 300 });
  });

  it('walking into every container gives every scalar at its path, and rebuilds the document', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.array(fc.nat(300)), (value, cuts) => {
      const text = JSON.stringify(value, null, 1);
      const containers: Array<[JsonPath, string]> = [];
      const r = run(text, (path, kind) => {
        if (kind === 'scalar') return 'capture';
        containers.push([path, kind]);
        return 'descend';
      }, cuts);
      if (!readExactly(text)) return void expect(r).toBeInstanceOf(JsonSyntaxError);
      if (r instanceof Error) throw r;
      // Object key order and duplicate keys aside, the rebuilt value is JSON.parse's.
      expect(rebuild(r, containers)).toEqual(JSON.parse(text));
    }), { numRuns: 300 });
  });

  it('skipped values are still checked: it accepts exactly what JSON.parse accepts', () => {
    const alphabet = fc.constantFrom(...'{}[]",:0123456789-+.eE \n\ttrufalsn\\u/bx\u0001é'.split(''));
    const mutated = fc.tuple(fc.jsonValue(), fc.nat(), fc.nat(3), fc.string({ unit: alphabet, maxLength: 3 })).map(([v, at, del, ins]) => {
      const t = JSON.stringify(v, null, 1) ?? 'null';
      const i = at % (t.length + 1);
      return t.slice(0, i) + ins + t.slice(i + del);
    });
    fc.assert(fc.property(fc.oneof(mutated, fc.string({ unit: alphabet, maxLength: 12 })), fc.array(fc.nat(60)), (text, cuts) => {
      const r = run(text, () => 'skip', cuts);
      expect(!(r instanceof Error)).toBe(accepts(text));
    }), { numRuns: 3000 });
  });

  it('refuses the classic near-misses JSON.parse refuses', () => {
    for (const bad of ['', ' ', '01', '-', '1.', '1e', '1e+', '.5', '+1', 'tru', 'nul', '[1,]', '{"a":1,}', '{"a" 1}', '{a:1}', "'a'", '"\\x"', '"\\u12g4"', '"a\u0001"', '\ufeff{}', '{} {}', '[1 2]', '{"a":1 "b":2}', '"abc']) {
      expect(accepts(bad)).toBe(false);
      expect(run(bad, () => 'skip')).toBeInstanceOf(JsonSyntaxError);
    }
    for (const good of [' 0 ', '-0.5e-7', '1E+2', '"\\ud800"', '"\\/\\b\\f\\n\\r\\t\\"\\\\"', '{"":[]}', '[[[]]]', 'null', 'true', 'false', '"é"']) {
      expect(run(good, () => 'capture')).toEqual([[[], JSON.parse(good)]]);
    }
  });

  it('says where the syntax broke, in bytes', () => {
    const e = run('{"a": [1, 2,, 3]}', () => 'skip');
    expect(e).toBeInstanceOf(JsonSyntaxError);
    expect((e as Error).message).toMatch(/Unexpected ',' at byte 12/);
    expect((run('{"a": [1', () => 'skip') as Error).message).toBe('Unexpected end of JSON input');
  });

  it('selects members by path: keys are unescaped, array elements numbered', () => {
    const text = JSON.stringify({ skip: [{ big: 'x'.repeat(100) }], 'k\u00e9y"': { items: [{ n: 1 }, 'two', [3]] } }, null, 2);
    const asked: string[] = [];
    const r = run(text, (path, kind) => {
      asked.push(`${path.join('/')}:${kind}`);
      if (path.length === 0 || path[0] === 'k\u00e9y"') return path.length === 3 ? 'capture' : 'descend';
      return 'skip';
    }, [7, 30, 31]);
    expect(asked).toEqual([':object', 'skip:array', 'k\u00e9y":object', 'k\u00e9y"/items:array', 'k\u00e9y"/items/0:object', 'k\u00e9y"/items/1:scalar', 'k\u00e9y"/items/2:array']);
    expect(r).toEqual([[['k\u00e9y"', 'items', 0], { n: 1 }], [['k\u00e9y"', 'items', 1], 'two'], [['k\u00e9y"', 'items', 2], [3]]]);
  });
});

describe('JsonSelector: a member written twice in what it reads', () => {
  const twice = (r: unknown): JsonSyntaxError => {
    expect(r).toBeInstanceOf(JsonSyntaxError);
    return r as JsonSyntaxError;
  };

  it('in a captured value, at any depth and in any chunking: refused at the second name, by byte', () => {
    const text = '{"items": [{"uuid": "a", "props": [{"name": "x"}], "uuid": "b"}]}';
    for (const cuts of [[], [5], [30, 31, 40], [60]]) {
      const e = twice(run(text, (path) => (path.length === 2 ? 'capture' : 'descend'), cuts));
      expect(e.detail).toMatch(/^member "uuid" is written twice in one object/);
      expect(e.offset).toBe(text.lastIndexOf('"uuid"'));
    }
    expect(twice(run('{"a": {"b": {"c": 1, "c": 2}}}', () => 'capture')).offset).toBe('{"a": {"b": {"c": 1, '.length);
  });

  it('in an object walked into: refused at the second name (the root named twice: which POA&M body holds was the reader\'s guess)', () => {
    const text = '{"plan-of-action-and-milestones": {}, "plan-of-action-and-milestones": {"poam-items": []}}';
    const e = twice(run(text, (path) => (path.length === 0 ? 'descend' : 'capture')));
    expect(e.detail).toMatch(/^member "plan-of-action-and-milestones" is written twice/);
    expect(e.offset).toBe(text.lastIndexOf('"plan-of-action-and-milestones"'));
  });

  it('in values only skipped it is not looked for (nothing is read from them); the same name in two objects is no repetition', () => {
    expect(run('{"skip": {"x": 1, "x": 2}, "keep": 1}', (path) => (path.length === 0 ? 'descend' : path[0] === 'keep' ? 'capture' : 'skip'))).toEqual([[['keep'], 1]]);
    expect(run('[{"uuid": "a"}, {"uuid": "b"}]', () => 'capture')).toEqual([[[], [{ uuid: 'a' }, { uuid: 'b' }]]]);
  });
});

describe('numbers a captured value does not hold as written (as json-text.ts refuses them, a74376a)', () => {
  const refused = (r: ReturnType<typeof run>): JsonSyntaxError => {
    expect(r).toBeInstanceOf(JsonSyntaxError);
    return r as JsonSyntaxError;
  };
  it('an integer beyond 2^53 that reads as another, and a number beyond a double: refused at its byte, naming its pointer; one a double holds, a decimal, or one only skipped: read', () => {
    const text = '{"items": [{"log": [{"n": 18446744073709551615}]}]}';
    for (const cuts of [[], [20, 35], [40]]) {
      const e = refused(run(text, (path) => (path.length === 2 ? 'capture' : 'descend'), cuts));
      expect(e.detail).toMatch(/^the integer 18446744073709551615 at \/items\/0\/log\/0\/n cannot be read exactly: .* here 18446744073709551616/);
      expect(e.offset).toBe(text.indexOf('1844'));
    }
    const inf = refused(run('{"a": [1e400]}', () => 'capture'));
    expect(inf.detail).toMatch(/^the number 1e400 is too large for any value/);
    expect(inf.offset).toBe('{"a": ['.length);
    expect(run('{"a": [9007199254740992, 1.5e300, 18446744073709551616]}', () => 'capture')).toEqual([[[], { a: [9007199254740992, 1.5e300, 18446744073709551616] }]]);
    expect(run('{"skip": 18446744073709551615, "keep": 1}', (path) => (path.length === 0 ? 'descend' : path[0] === 'keep' ? 'capture' : 'skip'))).toEqual([[['keep'], 1]]);
  });
  it('a decimal a double reads as an integer it is not (1e-400 as 0): refused at its byte, naming its pointer; 3.0 and 2.5 read', () => {
    const text = '{"items": [{"n": 2.5}, {"n": 1e-400}]}';
    const e = refused(run(text, (path) => (path.length === 2 ? 'capture' : 'descend')));
    expect(e.detail).toMatch(/^the number 1e-400 at \/items\/1\/n reads as the integer 0, which it is not/);
    expect(e.offset).toBe(text.indexOf('1e-400'));
    expect(run('{"a": [3.0, 2.5, 3]}', () => 'capture')).toEqual([[[], { a: [3, 2.5, 3] }]]);
  });
});
