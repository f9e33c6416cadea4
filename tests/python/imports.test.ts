import { beforeAll, describe, expect, it } from 'vitest';
import { createPythonParser, type PythonParser } from '../../harness/python/parser.js';
import { extractImports, loadStdlibModules } from '../../harness/python/imports.js';
import { parseNotebook, type PythonSource } from '../../harness/python/source.js';

let parser: PythonParser;
beforeAll(async () => { parser = await createPythonParser(); });

const py = (text: string): PythonSource => ({ file: 'x.py', kind: 'py', text, cells: [] });
const mods = (text: string) => extractImports(py(text), parser).map((i) => `${i.module}@${i.line}${i.dynamic ? '*' : ''}`);

describe('extractImports from .py', () => {
  it.each([
    ['import numpy', ['numpy@1']],
    ['import numpy as np, os.path', ['numpy@1', 'os.path@1']],
    ['import a.b as c', ['a.b@1']],
    ['from tensorflow.keras import layers', ['tensorflow.keras@1']],
    ['from . import util\nfrom .models import net\nfrom ..x import y', []],
    ['from __future__ import annotations', ['__future__@1']],
    ['def f():\n    import cv2\n    return cv2', ['cv2@2']],
    ['try:\n    import torch\nexcept ImportError:\n    torch = None', ['torch@2']],
    ['class A:\n    def m(self):\n        from PIL import Image', ['PIL@3']],
    ["m = __import__('cv2')", ['cv2@1*']],
    ["import importlib\nx = importlib.import_module('skimage.io')", ['importlib@1', 'skimage.io@2*']],
    ["from importlib import import_module\nimport_module(\"torch\")", ['importlib@1', 'torch@2*']],
    ["name = 'cv2'\n__import__(name)\n__import__(f'{name}')", []],
    ['# import cv2\ns = "import torch"', []],
    ['x = (\n  1)\nimport  yaml', ['yaml@3']],
  ])('%j', (code, expected) => expect(mods(code)).toEqual(expected));
});

describe('guarded imports', () => {
  const guarded = (text: string) => extractImports(py(text), parser).map((i) => `${i.module}:${i.guarded}`);
  it.each([
    ['try:\n    import cv2\nexcept ImportError:\n    cv2 = None', ['cv2:true']],
    ['try:\n    import cv2\nexcept (OSError, ModuleNotFoundError) as e:\n    pass', ['cv2:true']],
    ['try:\n    import cv2\nexcept:\n    pass', ['cv2:true']],
    ['try:\n    import cv2\nexcept ValueError:\n    pass', ['cv2:false']],
    ['try:\n    pass\nexcept ImportError:\n    import cv2\nfinally:\n    import torch', ['cv2:false', 'torch:false']],
    ['try:\n    def f():\n        import cv2\nexcept Exception:\n    pass\nimport torch', ['cv2:false', 'torch:false']],
    ['def f():\n    try:\n        import cv2\n    except ImportError:\n        pass', ['cv2:true']],
  ])('%j', (code, expected) => expect(guarded(code)).toEqual(expected));
});

describe('extractImports from notebooks', () => {
  const nb = (cells: [string, string][]) => JSON.stringify({
    cells: cells.map(([t, s]) => ({ cell_type: t, source: s.split(/(?<=\n)/), metadata: {}, ...(t === 'code' ? { outputs: [], execution_count: null } : {}) })),
    metadata: { kernelspec: { name: 'python3', language: 'python' } }, nbformat: 4, nbformat_minor: 5,
  });

  it('names the code cell and the line inside it; markdown and !pip lines do not count', () => {
    const src = parseNotebook(nb([
      ['code', '!pip install opencv-python\nimport numpy as np'],
      ['markdown', 'We import cv2 here:\n```python\nimport cv2\n```'],
      ['code', '%matplotlib inline\nimport matplotlib.pyplot as plt'],
      ['code', '%%bash\npip install torch\nimport torch'],
      ['code', 'x = 1\n\nimport cv2'],
    ]), 'baseline.ipynb');
    const found = extractImports(src, parser).map(({ module, cell, line, excerpt }) => ({ module, cell, line, excerpt }));
    expect(found).toEqual([
      { module: 'numpy', cell: 0, line: 2, excerpt: 'import numpy as np' },
      { module: 'matplotlib.pyplot', cell: 1, line: 2, excerpt: 'import matplotlib.pyplot as plt' },
      { module: 'cv2', cell: 3, line: 3, excerpt: 'import cv2' },
    ]);
  });
});

describe('stdlib list', () => {
  it('holds the standard library and drops what 3.12 removed', () => {
    const std = loadStdlibModules();
    for (const m of ['os', 'sys', 'json', 'pathlib', 'importlib', '__future__', 'argparse', 'csv']) expect(std.has(m)).toBe(true);
    for (const m of ['numpy', 'cv2', 'distutils', 'imp']) expect(std.has(m)).toBe(false);
  });
});
