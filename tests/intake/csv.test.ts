import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRows, sniffDelimiter } from '../../harness/intake/csv.js';

describe('parseCsv', () => {
  it.each([
    ['plain', 'a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['CRLF and BOM', '\uFEFFa,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['lone CR', 'a,b\r1,2', [['a', 'b'], ['1', '2']]],
    ['quoted comma and quote', 'a,b\n"x,y","say ""hi"""\n', [['a', 'b'], ['x,y', 'say "hi"']]],
    ['newline inside quotes', 'a\n"l1\nl2"\n', [['a'], ['l1\nl2']]],
    ['blank lines skipped', 'a\n\n1\n\n', [['a'], ['1']]],
    ['empty trailing field', 'a,b\n1,\n', [['a', 'b'], ['1', '']]],
  ])('%s', (_name, text, rows) => expect(parseCsvRows(text, 't.csv')).toEqual(rows));

  it('throws a ParseError naming the file and line for an unclosed quote', () => {
    expect(() => parseCsv('a,b\n1,"oops\n2,3\n', 'r/search.csv')).toThrow(/line 2 never closes \(r\/search\.csv\)/);
  });

  it('sniffs semicolons and tabs, trims the header', () => {
    expect(sniffDelimiter('a;b;c\n1;2;3')).toBe(';');
    expect(sniffDelimiter('a\tb\n')).toBe('\t');
    expect(sniffDelimiter('"x;y",b\n')).toBe(',');
    expect(parseCsv('\uFEFF lr ; dropout \n0,1;0,5\n', 'x.csv')).toEqual({ header: ['lr', 'dropout'], rows: [['0,1', '0,5']], delimiter: ';' });
  });

  it('rejects an empty file', () => {
    expect(() => parseCsv('\n\n', 'e.csv')).toThrow(/empty/);
  });
});

describe('parseCsvRows round trip (property)', () => {
  const quote = (f: string) => (/[",\r\n]/.test(f) || f.trim() !== f ? `"${f.replace(/"/g, '""')}"` : f);
  it('reads back any table written with RFC 4180 quoting and either line end', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'B', '1', ',', '"', '\n', '\r', ' ', ';', '\u00e9'), maxLength: 6 });
    const table = fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 });
    fc.assert(fc.property(table, fc.constantFrom('\n', '\r\n'), fc.boolean(), (rows, eol, bom) => {
      const text = (bom ? '\uFEFF' : '') + rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
      expect(parseCsvRows(text, 'p.csv')).toEqual(rows);
    }), { numRuns: 500 });
  });
});
