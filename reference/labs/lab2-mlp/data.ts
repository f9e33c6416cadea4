/** sklearn's real digits (1,797 8×8 images, 0..16) read through the adapter's source list, scaled to [0, 1]. */
import { ParseError } from '../../../harness/errors.js';
import { readNumericRows } from '../../core/io/csv.js';
import { verifySources } from '../../data/adapters/source.js';
import { DIGITS_SOURCES } from '../../data/adapters/tables.js';
import { sha256File, type Table } from '../lab1-supervised/data.js';

export function loadDigits(): { table: Table; checksum: string } {
  const src = DIGITS_SOURCES[0]!;
  verifySources(DIGITS_SOURCES);
  const rows = readNumericRows(src.path);
  if (rows.length !== 1797 || rows.some((r) => r.length !== 65)) throw new ParseError('expected 1797 rows of 64 pixels and a label', src.path);
  const x = new Float32Array(rows.length * 64);
  const y = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    // Fixed scaling (not data statistics), so nothing from val/test leaks into training.
    for (let j = 0; j < 64; j++) x[i * 64 + j] = r[j]! / 16;
    const label = r[64]!;
    if (!Number.isInteger(label) || label < 0 || label > 9) throw new ParseError(`line ${i + 1}: label ${label}`, src.path);
    y[i] = label;
  });
  return { table: { x, y, n: rows.length, p: 64 }, checksum: sha256File(src.path) };
}
