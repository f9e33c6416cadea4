import { resolve, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collisions, normaliseEntryName, unsafeNameReason } from '../../harness/intake/entries.js';

const DEST = '/tmp/medgrade-dest';

describe('entry names', () => {
  it('a name that passes never resolves outside the destination (property)', () => {
    const segment = fc.constantFrom('..', '.', '', 'a', 'B', '\\', '/', 'C:', '..\\..', 'x..y', '\u00e9', '~');
    fc.assert(fc.property(fc.array(segment, { maxLength: 8 }), fc.boolean(), (parts, lead) => {
      const name = normaliseEntryName((lead ? '/' : '') + parts.join('/'));
      if (unsafeNameReason(name) !== null) return;
      const target = resolve(DEST, name);
      expect(target === DEST || target.startsWith(DEST + sep)).toBe(true);
    }), { numRuns: 2000 });
  });

  it.each([
    ['a/../../x', 'climbs'], ['/abs', 'absolute'], ['C:/x', 'drive letter'], ['c:x', 'drive letter'], ['a\0b', 'NUL'],
  ])('%j is refused (%s)', (name, reason) => expect(unsafeNameReason(normaliseEntryName(name))).toMatch(new RegExp(reason)));

  it('finds case, normalisation and file-versus-folder clashes', () => {
    expect(collisions([{ name: 'A.py', dir: false }, { name: 'a.PY', dir: false }]).map((c) => c.name)).toEqual(['a.PY']);
    expect(collisions([{ name: 'data', dir: false }, { name: 'Data/x.csv', dir: false }]).map((c) => c.name)).toEqual(['data']);
    expect(collisions([{ name: 'src/', dir: true }, { name: 'src/a.py', dir: false }, { name: 'ﬁle.py', dir: false }, { name: 'file.py', dir: false }])
      .map((c) => c.name)).toEqual(['file.py']);
    expect(collisions([{ name: 'a.py', dir: false }, { name: 'b.py', dir: false }])).toEqual([]);
  });
});
