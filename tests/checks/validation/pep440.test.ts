import { describe, expect, it } from 'vitest';
import { compareVersions, parseVersion, satisfies, specifiersOverlap } from '../../../harness/checks/validation/pep440.js';
import { parseRequirements } from '../../../harness/checks/validation/requirements-file.js';

const cmp = (a: string, b: string) => compareVersions(parseVersion(a)!, parseVersion(b)!);

describe('PEP 440 subset: ordering', () => {
  it.each([
    ['2.0', '2.0.0', 0], ['2.0.2', '2.0.10', -1], ['1.26.4', '2.0.2', -1], ['2.1', '2.0.99', 1],
    ['2.0.0rc1', '2.0.0', -1], ['2.0.0a1', '2.0.0b1', -1], ['2.0.0b2', '2.0.0rc1', -1],
    ['2.0.0.dev1', '2.0.0a1', -1], ['2.0.0', '2.0.0.post1', -1], ['2.0.0.post1', '2.0.1', -1], ['v1.0', '1.0', 0],
  ])('%s vs %s → %d', (a, b, expected) => expect(cmp(a, b)).toBe(expected));

  it('rejects what is not a version', () => {
    expect(parseVersion('latest')).toBeNull();
    expect(parseVersion('1.0+local')).toBeNull();
  });
});

describe('PEP 440 subset: overlap of specifier sets', () => {
  it.each([
    // student pin, rubric rule, overlap?
    ['==1.26.4', '~=2.0.2', false],
    ['==2.0.2', '~=2.0.2', true],
    ['==2.0.5', '~=2.0.2', true],
    ['==2.1.0', '~=2.0.2', false],
    ['==2.0.1', '~=2.0.2', false],
    ['>=1.20', '~=2.0.2', true],
    ['<2', '~=2.0.2', false],
    ['<=2.0.2', '~=2.0.2', true],
    ['<2.0.2', '~=2.0.2', false],
    ['>2.0.2', '~=2.0.2', true],
    ['>=2.0.3,<2.0.4', '~=2.0.2', true],
    ['!=2.0.2', '==2.0.2', false],
    ['!=2.0.2', '~=2.0.2', true],
    ['==2.0.*', '~=2.0.2', true],
    ['==1.*', '~=2.0.2', false],
    ['==2.17.0', '>=2.18.0', false],
    ['==2.18.0', '>=2.18.0', true],
    ['~=2.16', '>=2.18.0', true],
    ['~=2.16.0', '>=2.18.0', false],
    ['', '~=1.6.1', true],
    ['==2.18.0rc1', '>=2.18.0', false],
    ['===2.0.2', '~=2.0.2', true],
    ['~=2', '>=1', null],
    ['==2.0.2+cpu', '~=2.0.2', null],
  ])('%j with %j → %s', (a, b, expected) => {
    expect(specifiersOverlap(a, b)).toBe(expected);
    expect(specifiersOverlap(b, a)).toBe(expected);
  });

  it('checks single versions', () => {
    expect(satisfies('1.6.1', '~=1.6.1')).toBe(true);
    expect(satisfies('1.7.0', '~=1.6.1')).toBe(false);
  });
});

describe('requirements.txt parsing', () => {
  it('reads pins, extras, markers, comments and continuations; sets options aside', () => {
    const parsed = parseRequirements([
      '# the environment', 'numpy==1.26.4  # old', 'Scikit_Learn >= 1.6, <1.7', 'tensorflow[and-cuda]>=2.18.0 ; sys_platform == "linux"',
      'pandas\\', '~=2.2.3', '-r base.txt', '--index-url https://example.org/simple', 'git+https://github.com/x/y.git',
      'seaborn~0.13.2', 'matplotlib',
    ].join('\n'));
    expect(parsed.requirements.map(({ line, name, extras, specifier }) => ({ line, name, extras, specifier }))).toEqual([
      { line: 2, name: 'numpy', extras: [], specifier: '==1.26.4' },
      { line: 3, name: 'scikit-learn', extras: [], specifier: '>=1.6,<1.7' },
      { line: 4, name: 'tensorflow', extras: ['and-cuda'], specifier: '>=2.18.0' },
      { line: 5, name: 'pandas', extras: [], specifier: '~=2.2.3' },
      { line: 11, name: 'matplotlib', extras: [], specifier: '' },
    ]);
    expect(parsed.ignored.map((i) => i.line)).toEqual([7, 8, 9]);
    expect(parsed.invalid).toEqual([{ line: 10, text: 'seaborn~0.13.2' }]);
  });
});
